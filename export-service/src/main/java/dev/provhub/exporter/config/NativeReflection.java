package dev.provhub.exporter.config;

import dev.provhub.events.UserChangeType;
import dev.provhub.events.UserChangedEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native images (-Pnative): the types Jackson reads by reflection outside Quarkus REST, which registers its own
 * request and response types: the user-change events this service consumes.
 */
@RegisterForReflection(targets = { UserChangedEvent.class, UserChangeType.class })
final class NativeReflection {

    private NativeReflection() {
    }
}
