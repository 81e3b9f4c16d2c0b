package dev.provhub.sync.config;

import dev.provhub.events.UserChangeType;
import dev.provhub.events.UserChangedEvent;
import dev.provhub.sync.directory.UserType;
import dev.provhub.sync.run.AutoCreate;
import dev.provhub.sync.run.SyncOptions;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native images (-Pnative): the types Jackson reads and writes by reflection outside Quarkus REST, which registers
 * its own request and response types: the user-change events this service publishes and the sync options a
 * profile's fingerprint is written from ({@code ProfileFingerprint}).
 * <p>
 * The Microsoft Graph SDK and the Azure identity client need nothing here, as read from the jars of the versions in
 * the root pom (not from a native build, which has not been made): the Graph SDK v6 parses through Kiota's
 * {@code JsonParseNode} (a Gson tree and each model's generated factory, no reflection on models), and azure-identity
 * 1.18 with msal4j 1.23 read tokens and discovery documents through azure-json's {@code JsonSerializable}, not
 * Jackson data binding. A version that goes back to data binding would need its models listed here.
 */
@RegisterForReflection(targets = { UserChangedEvent.class, UserChangeType.class, SyncOptions.class, AutoCreate.class,
        UserType.class })
final class NativeReflection {

    private NativeReflection() {
    }
}
