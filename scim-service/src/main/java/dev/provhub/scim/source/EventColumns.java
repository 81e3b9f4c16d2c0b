package dev.provhub.scim.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.provhub.events.UserChangeType;
import dev.provhub.events.UserChangedEvent;
import dev.provhub.scim.mapping.expr.Columns;
import dev.provhub.scim.mapping.expr.Row;

/**
 * The "columns" of a user-change event for a mapping: its fields by name ({@code employeeNumber}, {@code givenName},
 * {@code active}, ...; lists joined with {@code ;}), {@code type} ({@code user.created}, ...), {@code deleted}, and
 * {@code attributes.<name>} for profile fields. Names compare without case; an attribute column is known to any
 * mapping and empty on events that lack it.
 */
public final class EventColumns implements Columns {

    static final List<String> FIELDS = List.of("type", "version", "id", "origin", "sourceKey", "userName",
            "orgLoginId", "upn", "givenName", "familyName", "displayName", "email", "contactEmail", "postalCode",
            "employeeNumber", "active", "suspended", "o365Suspended", "orgs", "limbo", "groups", "userType",
            "deleted");

    private final Map<String, Integer> indices = new ConcurrentHashMap<>();
    private final List<String> attributes = new ArrayList<>();

    public EventColumns() {
        for (int i = 0; i < FIELDS.size(); i++) {
            indices.put(FIELDS.get(i).toLowerCase(Locale.ROOT), i);
        }
    }

    @Override
    public synchronized int indexOf(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        Integer index = indices.get(key);
        if (index != null) {
            return index;
        }
        if (key.startsWith("attributes.") && key.length() > "attributes.".length()) {
            attributes.add(name.substring("attributes.".length()));
            int added = FIELDS.size() + attributes.size() - 1;
            indices.put(key, added);
            return added;
        }
        return -1;
    }

    /** The field names, for {@code -ScimSchemaNamespace} on events. */
    public List<String> names() {
        return FIELDS;
    }

    /** The event as a row of these columns. */
    public Row row(UserChangedEvent event) {
        List<String> attributeNames = List.copyOf(attributes);
        return index -> {
            if (index >= FIELDS.size()) {
                String name = attributeNames.get(index - FIELDS.size());
                return event.attributes().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                        .map(Map.Entry::getValue).findFirst().orElse("");
            }
            Object value = switch (FIELDS.get(index)) {
                case "type" -> event.type().wireName();
                case "version" -> event.version();
                case "id" -> event.id();
                case "origin" -> event.origin();
                case "sourceKey" -> event.sourceKey();
                case "userName" -> event.userName();
                case "orgLoginId" -> event.orgLoginId();
                case "upn" -> event.upn();
                case "givenName" -> event.givenName();
                case "familyName" -> event.familyName();
                case "displayName" -> event.displayName();
                case "email" -> event.email();
                case "contactEmail" -> event.contactEmail();
                case "postalCode" -> event.postalCode();
                case "employeeNumber" -> event.employeeNumber();
                case "active" -> event.active() && event.type() != UserChangeType.DELETED;
                case "suspended" -> event.suspended();
                case "o365Suspended" -> event.o365Suspended();
                case "orgs" -> String.join(";", event.orgs());
                case "limbo" -> event.limbo();
                case "groups" -> String.join(";", event.groups());
                case "userType" -> event.userType();
                default -> event.type() == UserChangeType.DELETED;
            };
            return value == null ? "" : value instanceof Boolean b ? (b ? "True" : "False") : value.toString();
        };
    }
}
