package dev.provhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.provhub.localinfra.LocalPostgres;

/**
 * Issue 12, faults: PostgreSQL restarted under load. An import of 20,000 rows is running and export-service is
 * applying its events when the database server stops for longer than the stale limit; the services report not
 * ready, reconnect when it is back, and finish with the state of an undisturbed run.
 */
@Tag("faults")
class PostgresRestartIT {

    private static final int ROWS = 20_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final Duration OUTAGE = Deployment.STALE_AFTER.plusSeconds(5);

    @Test
    void servicesReconnectAfterADatabaseRestartAndFinishAsIfUndisturbed() throws Exception {
        try (var deployment = Deployment.create("pgrestart")) {
            var scene = ImportUnderWay.start(deployment, ROWS, TIMEOUT);
            var imports = scene.imports();
            var exports = scene.exports();
            var replicas = scene.replicas();
            String runId = scene.runId();

            LocalPostgres postgres = deployment.postgres();
            postgres.stop();
            try {
                for (ServiceProcess replica : replicas) {
                    await().atMost(OUTAGE).until(() -> readiness(replica) == 503);
                }
                Thread.sleep(OUTAGE.toMillis());
            } finally {
                postgres.restart();
            }
            for (ServiceProcess replica : replicas) {
                await().atMost(TIMEOUT).until(() -> readiness(replica) == 200);
            }

            JsonNode report = imports.awaitFinished(runId, TIMEOUT);
            System.out.printf("PostgreSQL stopped for %d s during a %,d-row import: %s, attempts %d, counts %s%n",
                    OUTAGE.toSeconds(), ROWS, RunStatus.of(report), deployment.importDatabase().number(
                            "select attempts from run where id = cast(? as uuid)", runId),
                    report.get("counts"));
            assertThat(RunStatus.of(report)).as(report.toString()).isEqualTo(RunStatus.COMPLETED);
            assertThat(report.get("counts").get("created").asLong()
                    + report.path("counts").path("unchanged").asLong()).isEqualTo(ROWS);
            assertThat(deployment.importDatabase().number("select count(*) from directory_user")).isEqualTo(ROWS);
            await().atMost(TIMEOUT).until(() -> deployment.importDatabase()
                    .number("select count(*) from outbox_event where sent_at is null") == 0);
            assertThat(deployment.importDatabase().number("select count(distinct message_key) from outbox_event "
                    + "where event_type = 'user.created'")).isEqualTo(ROWS);
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> deployment.exportDatabase()
                    .number("select count(*) from member where not deleted") == ROWS);
            assertThat(exports.appliedEvents()).as("events applied, each once").isEqualTo(ROWS);

            scene.assertExportAsUndisturbed(TIMEOUT);
        }
    }

    private static int readiness(ServiceProcess replica) throws InterruptedException {
        try {
            return replica.get("/q/health/ready", null).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }
}
