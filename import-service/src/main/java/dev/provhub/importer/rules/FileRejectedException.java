package dev.provhub.importer.rules;

/** A file that cannot be imported at all; nothing of it is applied. The message is the reason. */
public class FileRejectedException extends RuntimeException {

    public FileRejectedException(String reason) {
        super(reason);
    }

    public FileRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
