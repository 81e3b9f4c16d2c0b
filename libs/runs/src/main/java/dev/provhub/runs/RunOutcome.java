package dev.provhub.runs;

import java.util.Map;

/** How a run ended, as its handler reports it: the status, the final counts, and for a failure the reason. */
public record RunOutcome(RunStatus status, Map<String, Long> counts, String failure) {

    public RunOutcome {
        if (!status.finished()) {
            throw new IllegalArgumentException("a run ends COMPLETED, COMPLETED_WITH_ERRORS or FAILED, not " + status);
        }
        counts = counts == null ? Map.of() : Map.copyOf(counts);
    }

    public static RunOutcome completed(Map<String, Long> counts) {
        return new RunOutcome(RunStatus.COMPLETED, counts, null);
    }

    /** Completed, with errors when {@code errors} says so. */
    public static RunOutcome completed(Map<String, Long> counts, boolean errors) {
        return new RunOutcome(errors ? RunStatus.COMPLETED_WITH_ERRORS : RunStatus.COMPLETED, counts, null);
    }

    public static RunOutcome failed(String reason, Map<String, Long> counts) {
        return new RunOutcome(RunStatus.FAILED, counts, reason);
    }
}
