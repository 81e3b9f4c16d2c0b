package dev.provhub.runs;

import java.util.UUID;

/** A run of the same kind and scope is queued or running, so this one was not started. */
public class RunAlreadyActiveException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String kind;
    private final UUID active;

    public RunAlreadyActiveException(String kind, String scope, UUID active) {
        super("a " + kind + " run of " + scope + " is already " + (active == null ? "active" : "active: " + active));
        this.kind = kind;
        this.active = active;
    }

    public String kind() {
        return kind;
    }

    /** The run in the way, or null when it finished before it could be named. */
    public UUID active() {
        return active;
    }
}
