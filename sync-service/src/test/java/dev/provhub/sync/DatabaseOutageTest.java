package dev.provhub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.provhub.localinfra.LocalInfra;
import dev.provhub.localinfra.LocalPostgres;
import dev.provhub.m365sim.http.Fault;
import dev.provhub.runs.RunStatus;
import io.agroal.api.AgroalDataSource;

/**
 * PostgreSQL stops in the middle of a sync and is back a few seconds later: the run waits the outage out and ends
 * as an undisturbed run does (completed, every member once, one event each), instead of failing, or staying
 * RUNNING for ever under the heartbeat of its live process.
 */
@SyncServiceTest
class DatabaseOutageTest extends FreshTenantTest {

    private static final String MEMBERS = "/groups/[^/]+/members";

    @Inject
    AgroalDataSource dataSource;

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

    /**
     * The database stops while a chunk of users is being written (its transaction held open by a trigger): no user
     * of the chunk is at fault, so none is reported failed; the attempt ends, and the run runs again whole once the
     * database is back. (Applied user by user instead, every user of the chunk would fail for the outage.)
     */
    @Test
    void aSyncWhoseDatabaseStopsWhileItWritesAChunkFailsNoUserAndCompletesOnceTheDatabaseIsBack() throws Exception {
        LocalPostgres postgres = LocalInfra.postgres();
        fixture.sql("""
                create sequence if not exists test_hold_chunk;
                create or replace function test_hold_chunk() returns trigger language plpgsql as $$
                begin
                    if nextval('test_hold_chunk') = 1 then
                        perform pg_sleep(30);
                    end if;
                    return new;
                end $$;
                drop trigger if exists test_hold_chunk on outbox_event;
                create trigger test_hold_chunk after insert on outbox_event
                    for each row execute function test_hold_chunk();
                """);
        try {
            CompletableFuture<Void> outage = CompletableFuture.runAsync(() -> {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                        .until(this::aChunkIsHeld);
                postgres.stop();
            }).thenRunAsync(postgres::restart, CompletableFuture.delayedExecutor(3, TimeUnit.SECONDS));

            var result = fixture.provision("-a", "all", "--process-child-groups", "O365 Staff");
            outage.get(60, TimeUnit.SECONDS);

            assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
            assertThat(result.run().status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.total("usersFailed")).as("no user failed for the outage").isZero();
            assertThat(fixture.members("O365 Staff")).hasSize(40);
            assertThat(fixture.userCount()).isEqualTo(40);
            assertThat(fixture.outboxEvents()).as("one user.created per user, the dropped chunk's none")
                    .isEqualTo(40);
        } finally {
            fixture.sql("drop trigger if exists test_hold_chunk on outbox_event; "
                    + "drop function if exists test_hold_chunk(); drop sequence if exists test_hold_chunk");
        }
    }

    /** Whether a chunk's transaction is asleep in the trigger. */
    private boolean aChunkIsHeld() {
        try (var c = dataSource.getConnection();
                var st = c.createStatement();
                var rs = st.executeQuery("select count(*) from pg_stat_activity where wait_event = 'PgSleep'")) {
            rs.next();
            return rs.getInt(1) > 0;
        } catch (java.sql.SQLException e) {
            return false;
        }
    }
}
