package dev.provhub.intake.zip;

import java.io.IOException;

/**
 * A dropped archive could not be extracted because of the archive itself (not because of the disk): it is
 * unsafe, its password is wrong, or it is not a readable zip. Nothing of it has been extracted. Messages name the
 * archive and entry, never the password.
 */
public abstract class ArchiveException extends IOException {

    private static final long serialVersionUID = 1L;

    protected ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
