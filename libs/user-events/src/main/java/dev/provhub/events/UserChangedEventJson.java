package dev.provhub.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The wire format of {@link UserChangedEvent}: UTF-8 JSON as described by {@code user-changed-event.schema.json}.
 * Readers ignore properties they do not know, so producers may add fields (the only kind of change the contract
 * allows) without breaking older consumers.
 */
public final class UserChangedEventJson {

    /** Classpath location of the published JSON Schema. */
    public static final String SCHEMA_RESOURCE = "/dev/provhub/events/user-changed-event.schema.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** Fields every event has; a record without one of them is malformed rather than read with a default. */
    public static final Set<String> REQUIRED_FIELDS = Collections.unmodifiableSortedSet(new TreeSet<>(Set.of(
            "type", "version", "changedFields", "id", "origin", "active", "suspended", "o365Suspended", "orgs",
            "limbo", "groups", "attributes")));

    private UserChangedEventJson() {
    }

    public static String write(UserChangedEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @throws MalformedUserChangeException when the text is not a readable event (poison message)
     */
    public static UserChangedEvent read(String json) {
        try {
            JsonNode tree = MAPPER.readTree(json);
            if (tree == null || !tree.isObject()) {
                throw new MalformedUserChangeException("not a readable user-change event: not a JSON object", null);
            }
            var missing = new TreeSet<String>();
            REQUIRED_FIELDS.forEach(field -> {
                if (!tree.hasNonNull(field)) {
                    missing.add(field);
                }
            });
            if (!missing.isEmpty()) {
                throw new MalformedUserChangeException("not a readable user-change event: missing " + missing, null);
            }
            return MAPPER.treeToValue(tree, UserChangedEvent.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedUserChangeException("not a readable user-change event: " + rootMessage(e), e);
        }
    }

    public static UserChangedEvent read(byte[] json) {
        return read(new String(json, StandardCharsets.UTF_8));
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
