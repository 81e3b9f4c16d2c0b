package dev.provhub.runs;

import java.util.Objects;
import java.util.UUID;

/**
 * A run to record: its kind and scope, what triggered it, who asked, whether it is a dry run. The id may be chosen
 * beforehand, so that a service can write its own details of the run in the same transaction.
 */
public record NewRun(UUID id, String kind, String scope, String trigger, String requestedBy, boolean dryRun) {

    public NewRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(trigger, "trigger");
    }

    public static NewRun of(String kind, String scope, String trigger) {
        return new NewRun(UUID.randomUUID(), kind, scope, trigger, null, false);
    }

    public NewRun requestedBy(String who) {
        return new NewRun(id, kind, scope, trigger, who, dryRun);
    }

    public NewRun dryRun(boolean dry) {
        return new NewRun(id, kind, scope, trigger, requestedBy, dry);
    }
}
