package dev.provhub.importer.rules;

/** A row cannot be applied; the message is the reason reported with the row's line. Never contains a password. */
public class RowRejectedException extends RuntimeException {

    public RowRejectedException(String reason) {
        super(reason);
    }
}
