package dev.provhub.scim.run;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.provhub.httpapi.Roles;
import dev.provhub.localinfra.JwtTestResource;
import dev.provhub.m365sim.M365Simulator;
import dev.provhub.m365sim.http.JournalEntry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.response.Response;

/** The service's SCIM job API as the tests drive it, and the simulator's view of what was sent. */
public final class ScimJobsApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ScimJobsApi() {
    }

    /** A clean slate: no calls counted, nothing remembered as sent, no job of an earlier test still going. */
    public static void reset(EntityManager em, M365Simulator simulator) {
        simulator.reset();
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("delete from scim_call").executeUpdate();
            em.createNativeQuery("delete from scim_sent_state").executeUpdate();
            em.createNativeQuery("update scim_job set state = 'FAILED', failure = 'test reset' "
                    + "where state not in ('COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED')").executeUpdate();
        });
    }

    public static Response submit(Path csv, Path mapping, Map<String, String> options) {
        var request = given().header("Authorization", JwtTestResource.bearer(Roles.OPERATOR))
                .multiPart("csv", csv.toFile(), "text/csv");
        if (mapping != null) {
            request.multiPart("mapping", mapping.toFile(), "text/plain");
        }
        options.forEach(request::multiPart);
        return request.when().post("/api/scim/jobs");
    }

    public static String start(Path csv, Path mapping, Map<String, String> options) {
        return submit(csv, mapping, options).then().statusCode(202).extract().path("id");
    }

    public static JsonNode job(String id) {
        try {
            return JSON.readTree(given().header("Authorization", JwtTestResource.bearer(Roles.VIEWER))
                    .get("/api/scim/jobs/" + id).then().statusCode(200).extract().asString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Waits for the job to reach {@code state} (or fail), and returns it in that state. */
    public static JsonNode awaitState(String id, String state, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> job(id).get("state").asText()
                .equals(state) || job(id).get("state").asText().equals("FAILED"));
        JsonNode job = job(id);
        assertThat(job.get("state").asText()).as(job.toPrettyString()).isEqualTo(state);
        return job;
    }

    public static List<JournalEntry> uploads(M365Simulator simulator) {
        return simulator.journal().entries(e -> e.path().endsWith("/bulkUpload"));
    }
}
