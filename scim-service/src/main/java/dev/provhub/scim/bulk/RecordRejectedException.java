package dev.provhub.scim.bulk;

/** A record the mapping cannot turn into a SCIM User: it is reported with its line and reason, the others go on. */
public class RecordRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long line;
    private final String externalId;

    public RecordRejectedException(long line, String externalId, String reason) {
        super(reason);
        this.line = line;
        this.externalId = externalId;
    }

    public long line() {
        return line;
    }

    public String externalId() {
        return externalId;
    }
}
