package dev.provhub.intake.zip;

/**
 * A dropped archive is encrypted and the organisation's configured password is missing or does not open it: the
 * configuration needs fixing, the file itself may be fine.
 */
public class ArchivePasswordException extends ArchiveException {

    private static final long serialVersionUID = 1L;

    public ArchivePasswordException(String message, Throwable cause) {
        super(message, cause);
    }
}
