package dev.provhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 7's measurement of defect 2, as it was taken: a 60,000-row REST import on one replica with the production
 * heartbeat and stale limit, and a second replica started on the same database 4 s later. Minutes long: only with
 * {@code -Psoak}.
 */
@Tag("soak")
class ImportReplicasSoakIT {

    private static final int ROWS = 60_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    @Test
    void secondReplicaStartedDuringALargeImportChangesNothing() throws Exception {
        try (var deployment = Deployment.create("importsoak")) {
            ServiceProcess a = production(deployment.importReplica("import-a")).start();
            List<Person> people = Person.numbered(ROWS);
            String runId = new ImportApi(a, deployment.operatorToken()).start("people.csv", UserFile.of(people));
            Thread.sleep(4_000);
            ServiceProcess b = production(deployment.importReplica("import-b")).start();
            assertThat(deployment.importDatabase().strings("select status from run where id = ?",
                    UUID.fromString(runId))).containsExactly(RunStatus.RUNNING);

            JsonNode report = new ImportApi(b, deployment.operatorToken()).awaitFinished(runId, TIMEOUT);

            assertThat(RunStatus.of(report)).as(report.toString()).isEqualTo(RunStatus.COMPLETED);
            assertThat(report.get("counts").get("created").asLong()).isEqualTo(ROWS);
            assertThat(deployment.importDatabase().number("select attempts from run where id = ?",
                    UUID.fromString(runId))).isEqualTo(1);
            assertThat(deployment.importDatabase().number("""
                    select count(*) from (select 1 from directory_user where org_login_id is not null
                                          group by home_org_id, lower(org_login_id) having count(*) > 1) twice""")).isZero();
            assertThat(deployment.importDatabase().number("select count(*) from directory_user")).isEqualTo(ROWS);
            await().atMost(TIMEOUT).until(() -> deployment.importDatabase()
                    .number("select count(*) from outbox_event where sent_at is null") == 0);
            assertThat(deployment.importDatabase().number(
                    "select count(distinct message_key) from outbox_event where event_type = 'user.created'"))
                    .isEqualTo(ROWS);
        }
    }

    /** The replica with the production heartbeat (5 s) and stale limit (60 s). */
    private static Deployment.Replica production(Deployment.Replica replica) {
        return replica.with("provhub.runs.heartbeat-interval", "5s").with("provhub.runs.stale-after", "60s");
    }
}
