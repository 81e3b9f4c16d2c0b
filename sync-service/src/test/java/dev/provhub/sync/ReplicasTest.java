package dev.provhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.provhub.runs.RunHeartbeat;
import dev.provhub.runs.RunStatus;
import dev.provhub.sync.cli.ProvisionArguments;
import dev.provhub.sync.profile.ProfileSchedules;
import dev.provhub.sync.profile.SyncProfiles;
import dev.provhub.sync.run.SyncRun;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Several replicas on one database: a profile's fire time, fired by every replica's scheduler at once, queues one
 * run; a sync whose replica died is taken over by another and applied once, while a live replica's sync is left
 * alone.
 */
@SyncServiceTest
class ReplicasTest extends FreshTenantTest {

    private static final Duration RUN_TIME = Duration.ofSeconds(60);

    @Inject
    ProfileSchedules schedules;

    @Inject
    SyncProfiles profiles;

    @Inject
    RunHeartbeat heartbeat;

    @Test
    void aProfilesFireTimeQueuesOneRunHoweverManyReplicasFireIt() throws Exception {
        var staff = profiles.find("staff").orElseThrow();
        Instant fireTime = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var replicas = Executors.newFixedThreadPool(3);
        var go = new CountDownLatch(1);
        var fired = new ArrayList<Future<Boolean>>();
        try {
            for (int i = 0; i < 3; i++) {
                fired.add(replicas.submit(() -> {
                    go.await(10, TimeUnit.SECONDS);
                    return schedules.fire(staff, fireTime);
                }));
            }
            go.countDown();
            long claimed = 0;
            for (Future<Boolean> one : fired) {
                claimed += one.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(claimed).isEqualTo(1);
        } finally {
            replicas.shutdownNow();
        }
        awaitProfileRuns(1);
        assertThat(fixture.members("O365 Staff")).hasSize(40);
        assertThat(fixture.outboxEvents()).isEqualTo(40);

        assertThat(schedules.fire(staff, fireTime.plusSeconds(300))).as("the next fire time").isTrue();
        awaitProfileRuns(2);
        assertThat(fixture.latestRun().mode()).isEqualTo("incremental");
        assertThat(fixture.outboxEvents()).isEqualTo(40);
    }

    @Test
    void aSyncWhoseReplicaDiedIsTakenOverByAnotherAndAppliedOnce() {
        UUID id = UUID.randomUUID();
        // another replica claimed the sync and keeps its heartbeat fresh
        fixture.sql("insert into run (id, kind, scope, status, trigger, owner, heartbeat_at, attempts, started_at) "
                + "values ('" + id + "', 'sync', 'directory', 'RUNNING', 'api', 'sync-service-7d9f-2b1c', now(), 1, "
                + "now())");
        var options = ProvisionArguments.parse("-a", "all", "--process-child-groups", "O365 Staff").options();
        QuarkusTransaction.requiringNew().run(() -> {
            var details = new SyncRun();
            details.runId = id;
            details.options = options;
            details.persist();
        });

        heartbeat.beat();
        assertThat(fixture.run(id).status()).as("a live replica's sync").isEqualTo(RunStatus.RUNNING);

        // ... until that replica dies
        fixture.sql("update run set heartbeat_at = now() - interval '1 hour' where id = '" + id + "'");
        heartbeat.beat();

        Awaitility.await().atMost(RUN_TIME).until(() -> !EnumSet.of(RunStatus.QUEUED, RunStatus.RUNNING)
                .contains(fixture.run(id).status()));
        assertThat(fixture.run(id).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(fixture.members("O365 Staff")).hasSize(40);
        assertThat(fixture.outboxEvents()).isEqualTo(40);
    }

    private void awaitProfileRuns(int finished) {
        Awaitility.await().atMost(RUN_TIME).until(() -> fixture.finishedRunsOfProfile("staff") >= finished);
        assertThat(fixture.finishedRunsOfProfile("staff")).isEqualTo(finished);
        assertThat(fixture.latestRun().status()).isEqualTo(RunStatus.COMPLETED);
    }
}
