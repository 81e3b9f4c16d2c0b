package dev.provhub.m365sim.tenant;

import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A user, group, device, organisational contact or service principal: its Graph properties as JSON (the shape Graph
 * returns them in) and, for a group, its direct members in the order they were added. Only {@link Directory} changes
 * it, so every change is recorded for delta queries.
 */
public final class DirectoryObject {

    private final String id;
    private final DirectoryObjectType type;
    private final ObjectNode properties;
    private final Set<String> members = new LinkedHashSet<>();

    DirectoryObject(String id, DirectoryObjectType type, ObjectNode properties) {
        this.id = id;
        this.type = type;
        this.properties = properties;
        this.properties.put("id", id);
    }

    public String id() {
        return id;
    }

    public DirectoryObjectType type() {
        return type;
    }

    /** The properties; read-only by convention: change them through {@link Directory}. */
    public ObjectNode properties() {
        return properties;
    }

    public JsonNode property(String name) {
        return properties.get(name);
    }

    public String text(String name) {
        JsonNode value = properties.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The direct members' ids of a group, in the order they were added (empty for other types). */
    public Set<String> memberIds() {
        return java.util.Collections.unmodifiableSet(members);
    }

    Set<String> mutableMembers() {
        return members;
    }

    @Override
    public String toString() {
        return type.castName() + " " + id + " (" + text("displayName") + ")";
    }
}
