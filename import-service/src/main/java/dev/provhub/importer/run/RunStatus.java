package dev.provhub.importer.run;

public enum RunStatus {
    /** Accepted, waiting for the runner. */
    QUEUED,
    RUNNING,
    /** Every row was applied (or skipped with a reason). */
    COMPLETED,
    /** Applied, but some rows were rejected: see the errors. */
    COMPLETED_WITH_ERRORS,
    /** The file was rejected as a whole (unreadable, no usable header, over the removal threshold): nothing changed. */
    FAILED;

    public boolean finished() {
        return this == COMPLETED || this == COMPLETED_WITH_ERRORS || this == FAILED;
    }
}
