package dev.provhub.importer.config;

import dev.provhub.events.UserChangeType;
import dev.provhub.events.UserChangedEvent;
import dev.provhub.importer.org.DeletionGracePeriod;
import dev.provhub.importer.org.ImportSettings;
import dev.provhub.importer.org.PasswordPolicy;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native images (-Pnative): the types Jackson reads and writes by reflection outside Quarkus REST, which registers
 * its own request and response types: the organisations file, organisation settings and user-change events.
 */
@RegisterForReflection(targets = { ImportSettings.class, DeletionGracePeriod.class, PasswordPolicy.class,
        UserChangedEvent.class, UserChangeType.class }, classNames = {
                "dev.provhub.importer.org.OrganisationsFile$Content",
                "dev.provhub.importer.org.OrganisationsFile$Entry" })
final class NativeReflection {

    private NativeReflection() {
    }
}
