package dev.provhub.intake.zip;

/** A dropped file is not a zip archive, or is damaged or truncated: the organisation has to send it again. */
public class CorruptArchiveException extends ArchiveException {

    private static final long serialVersionUID = 1L;

    public CorruptArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
