package dev.provhub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.provhub.localinfra.LocalInfra;
import dev.provhub.localinfra.LocalPostgres;
import dev.provhub.m365sim.http.Fault;
import dev.provhub.runs.RunStatus;

/**
 * PostgreSQL stops in the middle of a sync and is back a few seconds later: the run waits the outage out and ends
 * as an undisturbed run does (completed, every member once, one event each), instead of failing, or staying
 * RUNNING for ever under the heartbeat of its live process.
 */
@SyncServiceTest
class DatabaseOutageTest extends FreshTenantTest {

    private static final String MEMBERS = "/groups/[^/]+/members";

    @Test
    void aSyncWhoseDatabaseStopsWhileItReadsGraphCompletesOnceTheDatabaseIsBack() throws Exception {
        var simulator = fixture.simulator();
        LocalPostgres postgres = LocalInfra.postgres();
        // Graph answers the first member reads slowly: the database stops after the first of them, so that the run
        // ends its reading, and needs the database, while the database is away
        simulator.faults().inject(MEMBERS, Fault.latency(Duration.ofMillis(400)), 3);
        CompletableFuture<Void> outage = CompletableFuture.runAsync(() -> {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !simulator.journal().forPath("/members").isEmpty());
            postgres.stop();
        }).thenRunAsync(postgres::restart, CompletableFuture.delayedExecutor(4, TimeUnit.SECONDS));

        var result = fixture.provision("-a", "all", "--process-child-groups", "O365 Staff");
        outage.get(60, TimeUnit.SECONDS);

        assertThat(simulator.journal().forPath("/members")).as("member reads").isNotEmpty();
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.run().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.total("usersFailed")).isZero();
        assertThat(fixture.members("O365 Staff")).hasSize(40);
        assertThat(fixture.userCount()).isEqualTo(40);
        assertThat(fixture.outboxEvents()).as("one user.created per user").isEqualTo(40);
    }
}
