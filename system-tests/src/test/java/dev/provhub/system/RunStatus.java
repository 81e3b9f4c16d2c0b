package dev.provhub.system;

import com.fasterxml.jackson.databind.JsonNode;

/** The statuses of runs (libs/runs) as reports show them. */
final class RunStatus {

    static final String QUEUED = "QUEUED";
    static final String RUNNING = "RUNNING";
    static final String COMPLETED = "COMPLETED";
    static final String FAILED = "FAILED";

    private RunStatus() {
    }

    static String of(JsonNode report) {
        return report.get("status").asText();
    }

    static boolean finished(JsonNode report) {
        String status = of(report);
        return !status.equals(QUEUED) && !status.equals(RUNNING);
    }
}
