package dev.provhub.runs;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import dev.provhub.localinfra.LocalInfra;
import dev.provhub.localinfra.LocalPostgres;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Run handlers of the test application: one retried after a crash, one failed and cleaned up, and two whose first
 * execution the database drops (one that may run again, one that may not).
 */
class TestHandlers {

    @ApplicationScoped
    static class Retried implements RunHandler {

        private final List<UUID> executed = new CopyOnWriteArrayList<>();

        List<UUID> executed() {
            return executed;
        }

        @Override
        public String kind() {
            return "test-retried";
        }

        /** How long the database is away (the tests' outage wait is 1 s). */
        long outageSeconds() {
            return 1;
        }

        @Override
        public RunOutcome execute(Run run) {
            executed.add(run.id);
            return RunOutcome.completed(Map.of("done", 1L));
        }

        @Override
        public StaleRunPolicy onStale() {
            return StaleRunPolicy.RETRY;
        }
    }

    @ApplicationScoped
    static class Failed implements RunHandler {

        private final List<UUID> abandoned = new CopyOnWriteArrayList<>();

        List<UUID> abandoned() {
            return abandoned;
        }

        @Override
        public String kind() {
            return "test-failed";
        }

        @Override
        public RunOutcome execute(Run run) {
            throw new IllegalStateException("broken on purpose");
        }

        @Override
        public void abandoned(UUID runId) {
            abandoned.add(runId);
        }
    }

    /** Its first execution stops the database in the middle of a query; the database is back a second later. */
    abstract static class DroppedByTheDatabase implements RunHandler {

        private final List<UUID> executed = new CopyOnWriteArrayList<>();

        @Inject
        EntityManager em;

        List<UUID> executed() {
            return executed;
        }

        /** How long the database is away (the tests' outage wait is 1 s). */
        long outageSeconds() {
            return 1;
        }

        @Override
        public RunOutcome execute(Run run) {
            executed.add(run.id);
            if (executed.size() == 1) {
                LocalPostgres postgres = LocalInfra.postgres();
                postgres.stop();
                CompletableFuture.runAsync(postgres::restart,
                        CompletableFuture.delayedExecutor(outageSeconds(), TimeUnit.SECONDS));
            }
            QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("select 1").getSingleResult());
            return RunOutcome.completed(Map.of("done", 1L));
        }
    }

    @ApplicationScoped
    static class RetriedAfterAnOutage extends DroppedByTheDatabase {

        @Override
        public String kind() {
            return "test-outage-retried";
        }

        @Override
        public StaleRunPolicy onStale() {
            return StaleRunPolicy.RETRY;
        }
    }

    @ApplicationScoped
    static class FailedByAnOutage extends DroppedByTheDatabase {

        @Override
        public String kind() {
            return "test-outage-failed";
        }
    }

    /** The database is away for 4 s, longer than the tests' outage wait (1 s). */
    @ApplicationScoped
    static class RetriedAfterALongOutage extends DroppedByTheDatabase {

        @Override
        public String kind() {
            return "test-long-outage-retried";
        }

        @Override
        public StaleRunPolicy onStale() {
            return StaleRunPolicy.RETRY;
        }

        @Override
        long outageSeconds() {
            return 4;
        }
    }

    /** Every execution fails as a lost connection would, while the database answers. */
    @ApplicationScoped
    static class AlwaysDropped implements RunHandler {

        private final List<UUID> executed = new CopyOnWriteArrayList<>();

        List<UUID> executed() {
            return executed;
        }

        @Override
        public String kind() {
            return "test-always-dropped";
        }

        @Override
        public StaleRunPolicy onStale() {
            return StaleRunPolicy.RETRY;
        }

        @Override
        public RunOutcome execute(Run run) {
            executed.add(run.id);
            throw new IllegalStateException("lost", new java.sql.SQLException("connection lost", "08006"));
        }
    }
}
