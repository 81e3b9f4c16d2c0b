package dev.provhub.exporter;

import static dev.provhub.exporter.EventFeed.user;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.provhub.exporter.run.ExportRunView;
import dev.provhub.exporter.run.ExportRuns;
import dev.provhub.localinfra.JwtTestResource;
import dev.provhub.localinfra.LocalJwtIssuer;
import dev.provhub.runs.NewRun;
import dev.provhub.runs.Runs;
import io.restassured.http.ContentType;

@ExportServiceTest
class ExportApiTest {

    @Inject
    EventFeed feed;

    @Inject
    ExportRuns exports;

    @Inject
    Runs runs;

    static String as(String role) {
        return JwtTestResource.bearer(role);
    }

    @Test
    void onDemandDryRunAnswers202AndItsFilesCanBeDownloaded() {
        String number = String.valueOf(2_000_000 + (int) (Math.random() * 7_000_000));
        feed.apply(user(number, "rest" + number + "@example.org", "Rest", "Api").build());

        String id = given().header("Authorization", as(LocalJwtIssuer.OPERATOR)).contentType(ContentType.JSON)
                .body(Map.of("dryRun", true)).when().post("/api/exports")
                .then().statusCode(202).body("dryRun", equalTo(true)).extract().path("id");
        await().atMost(Duration.ofSeconds(30)).until(() -> List.of("COMPLETED", "FAILED").contains(given()
                .header("Authorization", as(LocalJwtIssuer.VIEWER)).get("/api/exports/" + id).path("status")));

        String name = given().header("Authorization", as(LocalJwtIssuer.VIEWER)).get("/api/exports/" + id)
                .then().statusCode(200).body("status", equalTo("COMPLETED"))
                .extract().path("files.find { it.kind == 'new' }.name");
        String csv = given().header("Authorization", as(LocalJwtIssuer.VIEWER))
                .get("/api/exports/" + id + "/files/" + name).then().statusCode(200).extract().asString();
        assertThat(csv).contains(number + ",rest" + number + "@example.org,Rest,Api,");
        given().header("Authorization", as(LocalJwtIssuer.VIEWER)).get("/api/exports/" + id + "/files/..%2Fsecret")
                .then().statusCode(404);
        given().header("Authorization", as(LocalJwtIssuer.VIEWER)).get("/api/exports")
                .then().statusCode(200);
    }

    @Test
    void aSecondTriggerWhileOneRunsIsAConflictNamingIt() {
        NewRun spec = ExportRuns.spec("test", true, null);
        var running = runs.startHere(spec);
        try {
            given().header("Authorization", as(LocalJwtIssuer.OPERATOR)).contentType(ContentType.JSON)
                    .body(Map.of("dryRun", false)).when().post("/api/exports")
                    .then().statusCode(409).contentType("application/problem+json")
                    .body("running", equalTo(running.id.toString()));
        } finally {
            runs.finish(running.id, dev.provhub.runs.RunOutcome.completed(Map.of()));
        }
    }

    @Test
    void filesOlderThanTheRetentionAreDeletedForEveryReplica() {
        String number = String.valueOf(2_000_000 + (int) (Math.random() * 7_000_000));
        feed.apply(user(number, "old" + number + "@example.org", "Old", "File").build());
        ExportRunView run = exports.runNow("test", true, null);
        String name = run.files().get(0).name();
        given().header("Authorization", as(LocalJwtIssuer.VIEWER)).get("/api/exports/" + run.id() + "/files/" + name)
                .then().statusCode(200);

        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> io.quarkus.hibernate.orm.panache.Panache
                .getEntityManager().createNativeQuery("update run_artefact set created_at = now() - interval '31 days' "
                        + "where run_id = ?1")
                .setParameter(1, run.id()).executeUpdate());
        assertThat(exports.deleteOldFiles()).isGreaterThanOrEqualTo(3);

        given().header("Authorization", as(LocalJwtIssuer.VIEWER)).get("/api/exports/" + run.id() + "/files/" + name)
                .then().statusCode(404);
    }

    @Test
    void theServicePublishesNothingSoItRunsNoOutboxRelay() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics).doesNotContain("provhub_outbox_");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("outbox-relay"));
    }

    @Test
    void rolesGuardEveryEndpoint() {
        given().when().get("/api/exports").then().statusCode(401);
        given().header("Authorization", as(LocalJwtIssuer.VIEWER)).contentType(ContentType.JSON)
                .body(Map.of("dryRun", true)).when().post("/api/exports").then().statusCode(403);
        given().header("Authorization", as(LocalJwtIssuer.OPERATOR)).when().post("/api/exports/baseline")
                .then().statusCode(403);
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}
