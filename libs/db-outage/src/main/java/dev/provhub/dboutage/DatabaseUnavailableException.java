package dev.provhub.dboutage;

/** The database could not be reached, and did not answer again within the outage wait. */
public class DatabaseUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
