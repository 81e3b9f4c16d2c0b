package dev.provhub.exporter;

import static dev.provhub.exporter.EventFeed.user;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.provhub.exporter.run.ExportRun;
import dev.provhub.exporter.run.ExportRunner;
import dev.provhub.exporter.run.ExportService;
import dev.provhub.localinfra.JwtTestResource;
import dev.provhub.localinfra.LocalJwtIssuer;
import io.restassured.http.ContentType;

@ExportServiceTest
class ExportApiTest {

    @Inject
    EventFeed feed;

    @Inject
    ExportRunner runner;

    @Inject
    ExportService exports;

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
        await().atMost(Duration.ofSeconds(30)).until(() -> !"RUNNING".equals(given()
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
    void aSecondTriggerWhileOneRunsIsAConflictNamingIt() throws Exception {
        ExportRun running = runner.start("test", true, null);
        try {
            given().header("Authorization", as(LocalJwtIssuer.OPERATOR)).contentType(ContentType.JSON)
                    .body(Map.of("dryRun", false)).when().post("/api/exports")
                    .then().statusCode(409).contentType("application/problem+json")
                    .body("running", equalTo(running.id.toString()));
        } finally {
            exports.submit(running.id).get();
        }
    }

    @Test
    void filesOlderThanTheRetentionAreDeleted() throws Exception {
        java.nio.file.Files.createDirectories(runner.outputDir());
        var old = java.nio.file.Files.writeString(runner.outputDir().resolve("Uudet_20200101000000.csv"), "x\n");
        java.nio.file.Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(Duration.ofDays(31))));
        var recent = java.nio.file.Files.writeString(runner.outputDir().resolve("Uudet_20990101000000.csv"), "x\n");

        assertThat(exports.deleteOldFiles()).isGreaterThanOrEqualTo(1);

        assertThat(old).doesNotExist();
        assertThat(recent).exists();
        java.nio.file.Files.delete(recent);
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
