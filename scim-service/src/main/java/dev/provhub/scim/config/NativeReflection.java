package dev.provhub.scim.config;

import dev.provhub.events.UserChangeType;
import dev.provhub.events.UserChangedEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native images (-Pnative): the types Jackson reads by reflection outside Quarkus REST, which registers its own
 * request and response types: the user-change events this service consumes. Mapping files, SCIM payloads and the
 * provisioning API's answers are read and written as trees or streamed ({@code JsonNode}, {@code JsonGenerator}),
 * which needs no reflection.
 * <p>
 * The Azure identity client and the Microsoft Graph SDK need nothing here, as read from the jars of the versions in
 * the root pom (not from a native build, which has not been made): azure-identity 1.18 with msal4j 1.23 read tokens
 * through azure-json's {@code JsonSerializable}, and the Graph SDK v6 parses through Kiota's {@code JsonParseNode}
 * (a Gson tree and generated factories). A version that goes back to Jackson data binding would need its models
 * listed here.
 */
@RegisterForReflection(targets = { UserChangedEvent.class, UserChangeType.class })
final class NativeReflection {

    private NativeReflection() {
    }
}
