package dev.provhub.system;

import com.fasterxml.jackson.databind.JsonNode;

/** export-service's REST API and metrics as an operator uses them, on one replica. */
final class ExportApi extends RunsApi {

    ExportApi(ServiceProcess replica, String token) {
        super(replica, token, "/api/exports");
    }

    /** Queues an export for whichever replica is free; returns its id. */
    String start() throws Exception {
        return queued(replica.postJson("/api/exports", "{\"dryRun\": false}", token));
    }

    /** The name of the run's file whose name starts with {@code prefix} ({@code Uudet_}, ...). */
    static String fileName(JsonNode report, String prefix) {
        for (JsonNode file : report.get("files")) {
            if (file.get("name").asText().startsWith(prefix)) {
                return file.get("name").asText();
            }
        }
        throw new AssertionError("no " + prefix + " file in " + report);
    }

    /** A file of an export, as this replica serves it (whichever replica ran the export). */
    byte[] file(String exportId, String name) throws Exception {
        return replica.getBytes("/api/exports/" + exportId + "/files/" + name, token);
    }

    /** How many user-change events this replica has applied to the member projection since it started. */
    long appliedEvents() throws Exception {
        return Metrics.value(replica, "provhub_export_events_total", "outcome=\"applied\"");
    }
}
