package dev.provhub.sync.run;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.provhub.sync.graph.GraphCredentials;

/**
 * Credentials a command gave for its own run (flags or O365_USERSYNC_* variables): kept in this process's memory
 * only, never in the database, so a queued run never carries a secret. Runs without them use the configuration's.
 */
@ApplicationScoped
public class RunCredentials {

    private final Map<UUID, GraphCredentials> byRun = new ConcurrentHashMap<>();

    public void hold(UUID runId, GraphCredentials credentials) {
        byRun.put(runId, credentials);
    }

    public Optional<GraphCredentials> of(UUID runId) {
        return Optional.ofNullable(byRun.get(runId));
    }

    public void release(UUID runId) {
        byRun.remove(runId);
    }
}
