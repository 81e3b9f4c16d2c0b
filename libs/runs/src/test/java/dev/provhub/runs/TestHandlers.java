package dev.provhub.runs;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

/** Run handlers of the test application: one retried after a crash, one failed and cleaned up. */
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
}
