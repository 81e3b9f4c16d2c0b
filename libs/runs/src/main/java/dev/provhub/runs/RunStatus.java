package dev.provhub.runs;

/** Where a run is in its life. */
public enum RunStatus {
    /** Accepted, waiting for a process to run it. */
    QUEUED,
    /** A process runs it and keeps its heartbeat fresh. */
    RUNNING,
    /** Done, every item applied (or skipped with a reason). */
    COMPLETED,
    /** Done, but some items were rejected: see the run's items. */
    COMPLETED_WITH_ERRORS,
    /** Refused or broken off; the failure says why and what it left. */
    FAILED;

    public boolean finished() {
        return this == COMPLETED || this == COMPLETED_WITH_ERRORS || this == FAILED;
    }
}
