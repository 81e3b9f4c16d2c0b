package dev.provhub.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.provhub.localinfra.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "runs"))
class RunLifecycleTest {

    @Inject
    Runs runs;

    @Inject
    RunQueue queue;

    @Inject
    RunHeartbeat heartbeat;

    @Inject
    TestHandlers.Retried retried;

    @Inject
    TestHandlers.Failed failed;

    @Inject
    TestHandlers.RetriedAfterAnOutage retriedAfterAnOutage;

    @Inject
    TestHandlers.RetriedAfterALongOutage retriedAfterALongOutage;

    @Inject
    TestHandlers.AlwaysDropped alwaysDropped;

    @Inject
    TestHandlers.FailedByAnOutage failedByAnOutage;

    @Inject
    EntityManager em;

    @Test
    void aQueuedRunIsRunByAFreeWorkerAndFinishedWithItsOutcome() {
        Run run = queue.submit(NewRun.of("test-retried", "scope-" + UUID.randomUUID(), "test"));

        await().atMost(Duration.ofSeconds(10)).until(() -> runs.find(run.id).orElseThrow().status.finished());

        Run done = runs.find(run.id).orElseThrow();
        assertThat(done.status).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.counts).containsEntry("done", 1L);
        assertThat(done.owner).isNull();
        assertThat(retried.executed()).contains(run.id);
    }

    @Test
    void anExceptionFromTheHandlerFailsTheRunWithoutItsDetails() {
        Run run = queue.runHere(NewRun.of("test-failed", "scope-" + UUID.randomUUID(), "test"));

        assertThat(run.status).isEqualTo(RunStatus.FAILED);
        assertThat(run.failure).contains("unexpected error").doesNotContain("broken on purpose");
    }

    @Test
    void aRunTheDatabaseDropsRunsAgainOnceItIsBackWhenItsHandlerMayRunAgain() {
        Run run = queue.runHere(NewRun.of("test-outage-retried", "scope-" + UUID.randomUUID(), "test"));

        assertThat(run.status).as("not left RUNNING under this live process, not failed").isEqualTo(
                RunStatus.COMPLETED);
        assertThat(run.owner).isNull();
        assertThat(retriedAfterAnOutage.executed()).as("executed again once the database was back")
                .containsExactly(run.id, run.id);
    }

    @Test
    void aRunTheDatabaseDropsForLongerThanTheOutageWaitStillRunsAgainOnceItIsBack() {
        Run run = queue.runHere(NewRun.of("test-long-outage-retried", "scope-" + UUID.randomUUID(), "test"));

        assertThat(run.status).as("not left RUNNING under this live process, not failed").isEqualTo(
                RunStatus.COMPLETED);
        assertThat(retriedAfterALongOutage.executed()).containsExactly(run.id, run.id);
    }

    @Test
    void aRunDroppedOnEveryAttemptRunsAgainAtMostMaxAttemptsTimesThenFails() {
        Run run = queue.runHere(NewRun.of("test-always-dropped", "scope-" + UUID.randomUUID(), "test"));

        assertThat(run.status).isEqualTo(RunStatus.FAILED);
        assertThat(run.failure).contains("database outage");
        assertThat(alwaysDropped.executed()).as("once, then again max-attempts (3) times").hasSize(4);
    }

    @Test
    void aRunTheDatabaseDropsIsFailedOnceItIsBackWhenItsHandlerMayNotRunAgain() {
        Run run = queue.runHere(NewRun.of("test-outage-failed", "scope-" + UUID.randomUUID(), "test"));

        assertThat(run.status).as("not left RUNNING under this live process").isEqualTo(RunStatus.FAILED);
        assertThat(run.failure).contains("database outage");
        assertThat(failedByAnOutage.executed()).containsExactly(run.id);
    }

    @Test
    void onlyOneRunOfAKindAndScopeRunsAtATime() {
        String scope = "scope-" + UUID.randomUUID();
        Run first = runs.startHere(NewRun.of("test-failed", scope, "test"));

        assertThatThrownBy(() -> runs.startHere(NewRun.of("test-failed", scope, "test")))
                .isInstanceOfSatisfying(RunAlreadyActiveException.class,
                        e -> assertThat(e.active()).isEqualTo(first.id));
        assertThatThrownBy(() -> runs.enqueueUnlessActive(NewRun.of("test-failed", scope, "test")))
                .isInstanceOf(RunAlreadyActiveException.class);
        runs.finish(first.id, RunOutcome.completed(Map.of()));
        assertThat(runs.startHere(NewRun.of("test-failed", scope, "test")).status).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void recoveryLeavesALiveProcesssRunAlone() {
        UUID id = foreignRun("test-failed", "another-live-process", Duration.ZERO);

        heartbeat.beat();

        Run run = runs.find(id).orElseThrow();
        assertThat(run.status).isEqualTo(RunStatus.RUNNING);
        assertThat(run.owner).isEqualTo("another-live-process");
        assertThat(failed.abandoned()).doesNotContain(id);
    }

    @Test
    void aStaleRunThatCanRunAgainIsQueuedAgainAndRunHere() {
        UUID id = foreignRun("test-retried", "a-dead-process", Duration.ofMinutes(5));

        heartbeat.beat();

        await().atMost(Duration.ofSeconds(10)).until(() -> runs.find(id).orElseThrow().status.finished());
        Run run = runs.find(id).orElseThrow();
        assertThat(run.status).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.attempts).isEqualTo(2);
        assertThat(retried.executed()).contains(id);
    }

    @Test
    void aStaleRunThatMustNotRunAgainIsFailedAndCleanedUp() {
        UUID id = foreignRun("test-failed", "a-dead-process", Duration.ofMinutes(5));

        // the background heartbeat may be taking it over at this moment (then this beat skips the locked row)
        heartbeat.beat();

        await().atMost(Duration.ofSeconds(10)).until(() -> runs.find(id).orElseThrow().status.finished());
        Run run = runs.find(id).orElseThrow();
        assertThat(run.status).isEqualTo(RunStatus.FAILED);
        assertThat(run.failure).contains("a-dead-process").contains("stopped");
        assertThat(failed.abandoned()).contains(id);
    }

    @Test
    void aProcessThatLostItsRunCanNeitherReportNorFinishNorCommit() {
        Run run = runs.startHere(NewRun.of("test-failed", "scope-" + UUID.randomUUID(), "test"));
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update run set owner = 'the-process-that-took-over' where id = ?1").setParameter(1, run.id)
                .executeUpdate());

        assertThatThrownBy(() -> runs.progress(run.id, 10, 100L, null)).isInstanceOf(RunLostException.class);
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> runs.lockOwned(run.id)))
                .isInstanceOf(RunLostException.class);
        assertThat(runs.finish(run.id, RunOutcome.completed(Map.of()))).isFalse();
        assertThat(runs.find(run.id).orElseThrow().status).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void theHeartbeatKeepsThisProcesssRunsFresh() {
        Run run = runs.startHere(NewRun.of("test-failed", "scope-" + UUID.randomUUID(), "test"));
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update run set heartbeat_at = now() - interval '1 hour' where id = ?1").setParameter(1, run.id)
                .executeUpdate());

        runs.heartbeat();
        heartbeat.beat();

        assertThat(runs.find(run.id).orElseThrow().status).isEqualTo(RunStatus.RUNNING);
        runs.finish(run.id, RunOutcome.completed(Map.of()));
    }

    @Test
    void progressAtTheEndOfATransactionLongerThanTheStaleLimitWritesAFreshHeartbeat() {
        Run run = runs.startHere(NewRun.of("test-failed", "scope-" + UUID.randomUUID(), "test"));

        boolean fresh = QuarkusTransaction.requiringNew().call(() -> {
            // a batch that lasts longer than stale-after (2 s here), then reports its progress
            em.createNativeQuery("select count(*) from pg_sleep(2.5)").getSingleResult();
            runs.progress(run.id, 1, 1L, null);
            return (Boolean) em.createNativeQuery(
                    "select heartbeat_at > clock_timestamp() - interval '1 second' from run where id = ?1")
                    .setParameter(1, run.id).getSingleResult();
        });

        assertThat(fresh).as("heartbeat written by progress is the time of the write, not of the batch's start")
                .isTrue();
        runs.finish(run.id, RunOutcome.completed(Map.of()));
    }

    /** A run owned by another process whose last heartbeat was {@code ago}. */
    private UUID foreignRun(String kind, String owner, Duration ago) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into run (id, kind, scope, status, trigger, owner, heartbeat_at, attempts, created_at,
                                 started_at)
                values (?1, ?2, ?3, 'RUNNING', 'test', ?4, now() - make_interval(secs => ?5), 1, now(), now())""")
                .setParameter(1, id).setParameter(2, kind).setParameter(3, "scope-" + id).setParameter(4, owner)
                .setParameter(5, (double) ago.toSeconds()).executeUpdate());
        return id;
    }
}
