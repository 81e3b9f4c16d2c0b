package dev.provhub.runs;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * This process as an owner of runs and scheduled jobs: the configured instance name (the pod name) and a random
 * suffix, so that two processes never share an owner, not even on one host or after a restart with the same name.
 */
@ApplicationScoped
public class RunInstance {

    private final String id;

    RunInstance(RunsConfig config) {
        this.id = config.instanceName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String id() {
        return id;
    }
}
