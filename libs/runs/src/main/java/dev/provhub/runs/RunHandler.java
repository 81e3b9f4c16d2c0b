package dev.provhub.runs;

import java.util.UUID;

/**
 * Does the work of the runs of one kind. A service has one bean per kind; {@link RunQueue} calls it on the process
 * that owns the run, with request context active and the run id in the log's MDC ({@code run}).
 */
public interface RunHandler {

    /** The kind of runs this handler runs ({@code import}, {@code export}, ...). */
    String kind();

    /**
     * Runs {@code run}, which this process owns and is {@link RunStatus#RUNNING}. Progress goes through
     * {@link Runs#progress}, which throws {@link RunLostException} once another process has taken the run over:
     * let it propagate. An exception other than that fails the run with an "unexpected error".
     */
    RunOutcome execute(Run run) throws Exception;

    /** What recovery does with a run of this kind whose process died. */
    default StaleRunPolicy onStale() {
        return StaleRunPolicy.FAIL;
    }

    /**
     * Called in recovery's transaction when a stale run of this kind is failed: undo what the run left half done
     * (staged rows, claims), since its process will never finish it.
     */
    default void abandoned(UUID runId) {
    }

    /** What to do with a run whose process stopped heartbeating. */
    enum StaleRunPolicy {
        /** Queue it again: running it twice leads to the same final state (an import of the same file). */
        RETRY,
        /** Fail it: its effects outside the database cannot be known (an upload), a new run must decide again. */
        FAIL
    }
}
