package dev.provhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.provhub.localinfra.LocalPostgres;
import dev.provhub.m365sim.http.Fault;

/**
 * Issue 12, faults: PostgreSQL restarted under load. An import of 20,000 rows is running, export-service and
 * scim-service are consuming its events and sync-service is syncing the demo tenant's "O365 Everyone" when the
 * database server stops for longer than the stale limit; every service reports not ready, reconnects when it is
 * back, and finishes with the state of an undisturbed run: the export, one Entra account per person with each bulk
 * request sent once, and the sync's 300 users with one event each.
 */
@Tag("faults")
class PostgresRestartIT {

    private static final int ROWS = 20_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final Duration OUTAGE = Deployment.STALE_AFTER.plusSeconds(5);
    private static final String EVERYONE = "--auto-create all --process-child-groups \"O365 Everyone\"";
    private static final int SYNCED_USERS = 300;

    @Test
    void servicesReconnectAfterADatabaseRestartAndFinishAsIfUndisturbed() throws Exception {
        try (var deployment = Deployment.create("pgrestart")) {
            var scene = ImportUnderWay.start(deployment, ROWS, TIMEOUT, deployment.scimReplica("scim-a"),
                    deployment.syncReplica("sync-a").with("provhub.sync.profiles.everyone.options", EVERYONE)
                            .with("provhub.sync.chunk-size", "25"));
            var imports = scene.imports();
            var exports = scene.exports();
            var replicas = scene.replicas();
            String runId = scene.runId();
            ServiceProcess scim = replicas.get(2);
            ServiceProcess sync = replicas.get(3);
            var syncs = new SyncApi(sync, deployment.operatorToken());

            // Graph answers the sync's first group reads slowly: it is reading when the database stops, and reads
            // the rest while the database is away
            Simulator m365 = deployment.simulator();
            m365.raw().faults().inject("/groups/", Fault.latency(Duration.ofMillis(400)), 10);
            String syncId = syncs.runProfile("everyone");
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> m365.raw().journal().forPath("/groups/").size() >= 3);

            LocalPostgres postgres = deployment.postgres();
            String syncAtStop = RunStatus.of(syncs.get(syncId));
            postgres.stop();
            List<Integer> readinessDuringOutage = new ArrayList<>();
            try {
                for (ServiceProcess replica : replicas) {
                    await().atMost(OUTAGE).until(() -> readiness(replica) == 503);
                }
                Thread.sleep(OUTAGE.toMillis());
                for (ServiceProcess replica : replicas) {
                    readinessDuringOutage.add(readiness(replica));
                }
            } finally {
                postgres.restart();
            }
            for (ServiceProcess replica : replicas) {
                await().atMost(TIMEOUT).until(() -> readiness(replica) == 200);
            }
            assertThat(readinessDuringOutage).as("readiness of each service at the end of the outage")
                    .containsOnly(503);

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

            var entra = scene.assertScimAsUndisturbed(scim, TIMEOUT);
            System.out.printf("scim-service through the restart: %,d accounts for %,d people, %,d bulk requests "
                    + "(%,d accepted, %,d distinct client-request-ids), job passes run again after the outage %d%n",
                    entra.accounts(), ROWS, entra.calls(), entra.accepted(), entra.distinctRequestIds(),
                    runsInterrupted(scim));
            assertThat(entra.accepted()).as("bulk requests, each accepted").isEqualTo(entra.calls());
            assertThat(entra.distinctRequestIds()).as("bulk requests, none sent twice").isEqualTo(entra.calls());

            assertSyncAsUndisturbed(deployment, sync, syncId, syncAtStop);
        }
    }

    /** The sync ends as an undisturbed run does: completed, every member of the tenant once, one event each. */
    private static void assertSyncAsUndisturbed(Deployment deployment, ServiceProcess sync, String syncId,
            String statusAtStop) {
        JsonNode run = new SyncApi(sync, deployment.operatorToken()).awaitFinished(syncId, TIMEOUT);
        Database db = deployment.syncDatabase();
        await().atMost(TIMEOUT).until(() -> db.number("select count(*) from outbox_event where sent_at is null") == 0);
        long attempts = db.number("select attempts from run where id = ?", UUID.fromString(syncId));
        long users = db.number("select count(*) from app_user where created_by_sync and not deleted");
        long events = db.number("select count(*) from outbox_event where event_type = 'user.created'");
        System.out.printf("sync-service through the restart: %s when PostgreSQL stopped, run again after the outage "
                + "%d times, then %s, attempts %d, users %d, user.created events %d%n", statusAtStop,
                runsInterrupted(sync), RunStatus.of(run), attempts, users, events);
        assertThat(RunStatus.of(run)).as(run.toString()).isEqualTo(RunStatus.COMPLETED);
        assertThat(users).as("synced users").isEqualTo(SYNCED_USERS);
        assertThat(db.number("select count(distinct lower(upn)) from app_user where created_by_sync and not deleted"))
                .isEqualTo(SYNCED_USERS);
        assertThat(events).as("user.created events").isEqualTo(SYNCED_USERS);
        assertThat(db.number("select count(distinct message_key) from outbox_event where event_type = 'user.created'"))
                .as("users with a user.created event").isEqualTo(SYNCED_USERS);
    }

    /** How many times a run of {@code replica} was dropped by the outage and run again once the database was back. */
    private static long runsInterrupted(ServiceProcess replica) {
        return replica.log().lines().filter(line -> line.contains("was interrupted by a database outage")).count();
    }

    private static int readiness(ServiceProcess replica) throws InterruptedException {
        try {
            return replica.get("/q/health/ready", null).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }
}
