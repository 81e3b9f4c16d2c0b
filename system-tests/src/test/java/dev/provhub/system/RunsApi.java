package dev.provhub.system;

import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A service's runs as its REST API shows them to an operator, on one replica: any replica reports on any run. */
class RunsApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    final ServiceProcess replica;
    final String token;
    private final String path;

    /** @param path the runs' resource, {@code /api/imports} or {@code /api/exports} */
    RunsApi(ServiceProcess replica, String token, String path) {
        this.replica = replica;
        this.token = token;
        this.path = path;
    }

    JsonNode get(String runId) throws Exception {
        return replica.getJson(path + "/" + runId, token);
    }

    /** The run's report once it has finished, whichever replica ran it. */
    JsonNode awaitFinished(String runId, Duration timeout) {
        var report = new AtomicReference<JsonNode>();
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            report.set(get(runId));
            return RunStatus.finished(report.get());
        });
        return report.get();
    }

    /** The id of the run that a {@code 202 Accepted} answer queued. */
    static String queued(HttpResponse<String> response) throws Exception {
        if (response.statusCode() != 202) {
            throw new AssertionError("the run was not accepted: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("id").asText();
    }
}
