package dev.provhub.exporter.files;

import java.nio.file.Path;
import java.util.List;

/** Sends a run's files to the Office 365 provisioning server. */
public interface ExportUpload {

    /** Whether a server is configured; without one a run can only be a dry run. */
    boolean configured();

    /**
     * Uploads every file or fails: each goes up under a temporary name, is renamed, and its size is checked.
     *
     * @throws UploadException naming the file and the step that failed (never the password)
     */
    void upload(List<Path> files) throws UploadException;

    class UploadException extends Exception {
        public UploadException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
