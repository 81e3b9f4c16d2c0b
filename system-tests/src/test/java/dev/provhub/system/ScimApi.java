package dev.provhub.system;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** scim-service's REST API as an operator uses it, on one replica: any replica reports on any job. */
final class ScimApi {

    /** The mapping of {@link #workers}' columns, as an HR export's AttributeMapping.psd1 is written. */
    static final String WORKER_MAPPING = """
            @{
                externalId  = 'WorkerID'
                active      = { $_.WorkerStatus -eq 'Active' }
                userName    = { "$($_.UserID)@contoso.onmicrosoft.com" }
                displayName = 'FullName'
                name        = @{ givenName = 'FirstName'; familyName = 'LastName' }
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" = @{ employeeNumber = 'WorkerID' }
            }
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceProcess replica;
    private final String token;

    ScimApi(ServiceProcess replica, String token) {
        this.replica = replica;
        this.token = token;
    }

    /** An HR export of {@code count} active workers, {@code W000001} on, for {@link #WORKER_MAPPING}. */
    static String workers(int count) {
        var csv = new StringBuilder("WorkerID,WorkerStatus,UserID,FirstName,LastName,FullName\n");
        for (int i = 1; i <= count; i++) {
            csv.append(String.format("W%06d,Active,worker%06d,Worker,Number%06d,Worker Number%06d%n", i, i, i, i));
        }
        return csv.toString();
    }

    /** The user principal name {@link #WORKER_MAPPING} gives worker {@code n}. */
    static String workerUpn(int n) {
        return String.format("worker%06d@contoso.onmicrosoft.com", n);
    }

    /** Queues a job that sends {@code csv} with {@code mapping} to the configured provisioning app; its id. */
    String start(String csvName, String csv, String mapping) throws Exception {
        String boundary = "provhub-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        part(body, boundary, "csv", csvName, "text/csv", csv);
        part(body, boundary, "mapping", "AttributeMapping.psd1", "application/octet-stream", mapping);
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        var response = replica.send("POST", "/api/scim/jobs", "multipart/form-data; boundary=" + boundary,
                body.toByteArray(), token);
        if (response.statusCode() != 202) {
            throw new AssertionError("the job was not accepted: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("id").asText();
    }

    private static void part(ByteArrayOutputStream body, String boundary, String name, String fileName,
            String contentType, String content) {
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content.getBytes(StandardCharsets.UTF_8));
        body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    JsonNode get(String jobId) throws Exception {
        return replica.getJson("/api/scim/jobs/" + jobId, token);
    }

    /** The job once it has finished (completed, with errors, or failed), whichever replica ran it. */
    JsonNode awaitFinished(String jobId, Duration timeout) {
        var job = new AtomicReference<JsonNode>();
        await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
            job.set(get(jobId));
            return job.get().get("state").asText().matches("COMPLETED.*|FAILED");
        });
        return job.get();
    }
}
