package dev.provhub.events;

/** A record on the user-change topic that cannot be read as an event: a poison message for the dead-letter topic. */
public class MalformedUserChangeException extends RuntimeException {

    public MalformedUserChangeException(String message, Throwable cause) {
        super(message, cause);
    }
}
