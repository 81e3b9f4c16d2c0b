package dev.provhub.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class UserChangedEventTest {

    @Test
    void jsonRoundTripKeepsEveryField() {
        UserChangedEvent event = Events.complete().build();

        assertThat(UserChangedEventJson.read(UserChangedEventJson.write(event))).isEqualTo(event);
    }

    @Test
    void jsonLeavesOutFieldsWithoutValue() {
        String json = UserChangedEventJson.write(Events.minimal().build());

        assertThat(json).doesNotContain("upn").doesNotContain("null");
        assertThat(json).startsWith("{\"type\":\"user.created\",\"version\":1,");
    }

    @Test
    void keyIsTheUserId() {
        UserChangedEvent event = Events.minimal().build();

        assertThat(event.key()).isEqualTo(event.id().toString());
    }

    @Test
    void collectionsAreCopiedAndSorted() {
        var orgs = new java.util.ArrayList<>(List.of("/Root/B"));
        var changed = new java.util.HashSet<>(Set.of("upn", "email", "active"));
        UserChangedEvent event = Events.minimal().orgs(orgs).changedFields(changed).build();
        orgs.add("/Root/C");

        assertThat(event.orgs()).containsExactly("/Root/B");
        assertThat(event.changedFields()).containsExactly("active", "email", "upn");
        assertThatThrownBy(() -> event.orgs().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesAnEventWithoutVersionOrOwner() {
        assertThatThrownBy(() -> Events.minimal().version(0).build()).hasMessageContaining("version");
        assertThatThrownBy(() -> Events.minimal().origin(" ").build()).hasMessageContaining("origin");
        assertThatThrownBy(() -> Events.minimal().id(null).build()).hasMessageContaining("id");
    }

    @Test
    void refusesAttributesWithoutValue() {
        var attributes = new HashMap<String, String>();
        attributes.put("Department", null);
        assertThatThrownBy(() -> Events.minimal().attributes(attributes).build())
                .hasMessageContaining("Department");
    }

    @Test
    void unreadableJsonIsAMalformedChangeWithAReason() {
        assertThatThrownBy(() -> UserChangedEventJson.read("{\"type\":\"user.created\""))
                .isInstanceOf(MalformedUserChangeException.class);
        String valid = UserChangedEventJson.write(Events.minimal().build());
        assertThatThrownBy(() -> UserChangedEventJson.read(valid.replace("user.created", "user.exploded")))
                .isInstanceOf(MalformedUserChangeException.class)
                .hasMessageContaining("user.exploded");
        assertThatThrownBy(() -> UserChangedEventJson.read(valid.replace("\"active\":true,", "")))
                .isInstanceOf(MalformedUserChangeException.class)
                .hasMessageContaining("active");
        String withSecret = valid.replace("\"attributes\":{}", "\"attributes\":{\"Password\":\"x\"}");
        assertThatThrownBy(() -> UserChangedEventJson.read(withSecret))
                .isInstanceOf(MalformedUserChangeException.class)
                .hasMessageContaining("Password");
    }

    @Test
    void cloudEventHeadersRoundTrip() {
        UserChangedEvent event = Events.minimal().type(UserChangeType.DEACTIVATED).build();
        var attributes = CloudEventAttributes.forEvent(UUID.randomUUID(), event,
                Instant.parse("2026-11-21T05:00:00Z"));
        var headers = attributes.toHeaders();

        assertThat(headers).containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_type", "user.deactivated")
                .containsEntry("ce_source", "/provhub/import-service")
                .containsEntry("ce_subject", event.key())
                .containsEntry("ce_time", "2026-11-21T05:00:00Z")
                .containsEntry("content-type", "application/json");
        assertThat(CloudEventAttributes.fromHeaders(headers::get)).isEqualTo(attributes);
    }

    @Test
    void cloudEventHeadersMustBeComplete() {
        var headers = new HashMap<>(CloudEventAttributes
                .forEvent(UUID.randomUUID(), Events.minimal().build(), Instant.now()).toHeaders());
        headers.remove("ce_id");
        assertThatThrownBy(() -> CloudEventAttributes.fromHeaders(headers::get)).hasMessageContaining("ce_id");

        headers.put("ce_specversion", "0.3");
        assertThatThrownBy(() -> CloudEventAttributes.fromHeaders(headers::get)).hasMessageContaining("1.0");
    }
}
