package dev.provhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.provhub.m365sim.http.Fault;

/**
 * Two replicas of sync-service as processes on one database and topic: a replica killed ({@code kill -9}) in the
 * middle of a sync of the demo tenant's "O365 Everyone" (300 users in nested groups) is taken over by the other once
 * its heartbeat is stale; the final state is the tenant's (every user once, one {@code user.created} each), and a
 * second, full run finds nothing left to do. A profile scheduled every 2 s on both replicas runs once per fire time,
 * never two runs at once.
 */
@Tag("replicas")
class SyncReplicasIT {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final String EVERYONE = "--auto-create all --process-child-groups \"O365 Everyone\"";

    @Test
    void aSyncWhoseReplicaDiesMidRunIsFinishedByTheOtherAndEndsInTheTenantsState() throws Exception {
        try (var deployment = Deployment.create("synckill")) {
            var replicas = deployment.start(
                    deployment.syncReplica("sync-a").with("provhub.sync.profiles.everyone.options", EVERYONE)
                            .with("provhub.sync.chunk-size", "25"),
                    deployment.syncReplica("sync-b").with("provhub.sync.profiles.everyone.options", EVERYONE)
                            .with("provhub.sync.chunk-size", "25"));
            Simulator m365 = deployment.simulator();
            List<String> people = m365.users().stream().map(user -> user.text("employeeId"))
                    .filter(id -> id != null && (id.startsWith("S") || id.startsWith("P"))).toList();
            assertThat(people).as("the demo tenant's staff and pupils").hasSize(300);
            // Graph answers slowly, so that the run is still reading when its replica dies
            m365.raw().faults().inject("/groups/", Fault.latency(Duration.ofMillis(400)), 40);
            String runId = new SyncApi(replicas.get(0), deployment.operatorToken()).runProfile("everyone");

            await().atMost(RUN_TIMEOUT).until(() -> deployment.syncDatabase().runOwner(runId, replicas) != null
                    && m365.raw().journal().forPath("/groups/").size() >= 3);
            ServiceProcess owner = deployment.syncDatabase().runOwner(runId, replicas);
            owner.kill();
            ServiceProcess survivor = owner == replicas.get(0) ? replicas.get(1) : replicas.get(0);
            var survivorSyncs = new SyncApi(survivor, deployment.operatorToken());
            JsonNode run = survivorSyncs.awaitFinished(runId, RUN_TIMEOUT);

            assertThat(RunStatus.of(run)).as(run.toString()).isEqualTo(RunStatus.COMPLETED);
            long attempts = deployment.syncDatabase().number("select attempts from run where id = ?",
                    UUID.fromString(runId));
            assertThat(attempts).as("taken over once").isEqualTo(2);
            assertThat(deployment.syncDatabase().number("select count(*) from app_user where created_by_sync "
                    + "and not deleted")).as("synced users").isEqualTo(300);
            assertThat(deployment.syncDatabase().number("select count(distinct lower(upn)) from app_user "
                    + "where created_by_sync and not deleted")).isEqualTo(300);
            await().atMost(RUN_TIMEOUT).until(() -> deployment.syncDatabase()
                    .number("select count(*) from outbox_event where sent_at is null") == 0);
            assertThat(deployment.syncDatabase().number(
                    "select count(*) from outbox_event where event_type = 'user.created'")).as("user.created events")
                    .isEqualTo(300);
            assertThat(deployment.syncDatabase().number("select count(distinct message_key) from outbox_event "
                    + "where event_type = 'user.created'")).as("users with a user.created event").isEqualTo(300);

            JsonNode again = survivorSyncs.awaitFinished(survivorSyncs.runProfile("everyone", true), RUN_TIMEOUT);
            assertThat(RunStatus.of(again)).as(again.toString()).isEqualTo(RunStatus.COMPLETED);
            JsonNode totals = again.at("/summary/totals");
            assertThat(totals.get("usersCreated").asLong() + totals.get("usersUpdated").asLong()
                    + totals.get("membershipsAdded").asLong() + totals.get("membershipsRemoved").asLong())
                    .as("changes a second run finds: " + totals).isZero();
            assertThat(totals.get("usersUnchanged").asLong()).as("users a second, full run reads").isEqualTo(300);
            System.out.printf("sync-service replica killed mid-run: 300 users, attempts %d, events %d, second run %s%n",
                    attempts, deployment.syncDatabase().number("select count(*) from outbox_event"), totals);
        }
    }

    @Test
    void aProfileScheduledEveryTwoSecondsOnTwoReplicasRunsOncePerFireTimeAndNeverOverlapsItself() throws Exception {
        String staff = "--auto-create all --process-child-groups \"O365 Staff\"";
        try (var deployment = Deployment.create("syncschedule")) {
            var replicas = deployment.start(
                    deployment.syncReplica("sync-a").with("provhub.sync.profiles.staff.options", staff)
                            .with("provhub.sync.profiles.staff.cron", "0/2 * * * * ?"),
                    deployment.syncReplica("sync-b").with("provhub.sync.profiles.staff.options", staff)
                            .with("provhub.sync.profiles.staff.cron", "0/2 * * * * ?"));
            Database db = deployment.syncDatabase();
            await().atMost(RUN_TIMEOUT).until(() -> db.number("select count(*) from run where trigger = 'schedule' "
                    + "and status = 'COMPLETED'") >= 5);

            List<Instant[]> runs = db.list("select started_at, finished_at from run where trigger = 'schedule' "
                    + "and started_at is not null order by started_at",
                    row -> new Instant[] {
                            row.getTimestamp(1).toInstant(),
                            row.getTimestamp(2) == null ? null : row.getTimestamp(2).toInstant() });
            for (int i = 0; i + 1 < runs.size(); i++) {
                assertThat(runs.get(i)[1]).as("end of scheduled run %d", i).isNotNull()
                        .isBeforeOrEqualTo(runs.get(i + 1)[0]);
            }
            long fireTimes = db.number("select count(*) from scheduled_job_run where job = 'sync-profile-staff'");
            long claimedBy = db.number("select count(distinct split_part(instance, '-', 2)) from scheduled_job_run "
                    + "where job = 'sync-profile-staff'");
            assertThat(db.number("select count(*) from run where trigger = 'schedule'")).as("runs queued")
                    .isLessThanOrEqualTo(fireTimes);
            assertThat(db.strings("select status from run where trigger = 'schedule' and status not in "
                    + "('COMPLETED', 'RUNNING', 'QUEUED')")).as("scheduled runs that did not complete").isEmpty();
            assertThat(db.number("select count(*) from app_user where created_by_sync and not deleted"))
                    .isEqualTo(40);
            assertThat(db.number("select count(*) from outbox_event where event_type = 'user.created'"))
                    .as("user.created events, one per user however many runs").isEqualTo(40);
            // contention: once both are up, each replica's scheduler fires for every fire time and one of them runs
            // it; libs/runs counts what each saw (ran here, found run by the other, found the other still running).
            // The replica started second may have come up late on a busy machine: wait until it took part in 3
            await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        long[] seen = fireTimesSeen(replicas.get(1));
                        return seen[0] + seen[1] >= 3;
                    });
            // read halfway between two fire times (even seconds), when no replica is claiming one
            Thread.sleep((1_000 - System.currentTimeMillis() % 2_000 + 2_000) % 2_000);
            long claimedBefore = db.number("select count(*) from scheduled_job_run where job = 'sync-profile-staff'");
            long[] ran = new long[2];
            long[] lost = new long[2];
            for (int i = 0; i < 2; i++) {
                long[] seen = fireTimesSeen(replicas.get(i));
                ran[i] = seen[0];
                lost[i] = seen[1];
            }
            long claimedAfter = db.number("select count(*) from scheduled_job_run where job = 'sync-profile-staff'");
            assertThat(ran[0] + ran[1]).as("fire times run, by the replicas' own count")
                    .isBetween(claimedBefore, claimedAfter);
            long seenBySyncB = ran[1] + lost[1];
            assertThat(seenBySyncB).as("fire times the replica started second took part in").isGreaterThanOrEqualTo(3);
            assertThat(lost[0] + lost[1]).as("fire times one replica left to the other (both fired for them)")
                    .isGreaterThanOrEqualTo(seenBySyncB - 1);
            System.out.printf("sync profile every 2 s on two replicas: %d fire times claimed (by %d replicas), "
                    + "%d runs, none overlapping; fire times seen: sync-a ran %d, left %d to sync-b; sync-b ran %d, "
                    + "left %d to sync-a%n", fireTimes, claimedBy, runs.size(), ran[0], lost[0], ran[1], lost[1]);
        }
    }

    /** What the replica counted of the staff profile's fire times: {ran here, left to the other replica}. */
    private static long[] fireTimesSeen(ServiceProcess replica) throws Exception {
        String job = "job=\"sync-profile-staff\",outcome=";
        String name = "provhub_schedule_fire_times_total";
        return new long[] { Metrics.value(replica, name, job + "\"ran\""),
                Metrics.value(replica, name, job + "\"done-elsewhere\"")
                        + Metrics.value(replica, name, job + "\"busy\"") };
    }
}
