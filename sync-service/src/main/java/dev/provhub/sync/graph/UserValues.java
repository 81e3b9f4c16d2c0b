package dev.provhub.sync.graph;

import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.graph.models.User;
import com.microsoft.kiota.serialization.UntypedArray;
import com.microsoft.kiota.serialization.UntypedNode;
import com.microsoft.kiota.serialization.UntypedObject;
import com.microsoft.kiota.store.BackedModel;

/**
 * Turns what Graph returned for a user (an SDK model with its backing store and additional data, or delta JSON)
 * into {@link GraphUser}'s flat attribute values: text, every value of a list, nested objects as
 * {@code parent.child}. Directory extensions arrive as additional data and are read the same way.
 */
final class UserValues {

    private UserValues() {
    }

    static GraphUser of(User user) {
        var values = new HashMap<String, List<String>>();
        user.getBackingStore().enumerate().forEach((name, value) -> put(values, name, value));
        if (user.getAdditionalData() != null) {
            user.getAdditionalData().forEach((name, value) -> put(values, name, value));
        }
        Boolean enabled = user.getAccountEnabled();
        return new GraphUser(user.getId(), enabled == null || enabled, values);
    }

    static GraphUser of(JsonNode user) {
        var values = new HashMap<String, List<String>>();
        user.fields().forEachRemaining(field -> {
            if (!field.getKey().startsWith("@")) {
                putJson(values, field.getKey(), field.getValue());
            }
        });
        JsonNode enabled = user.get("accountEnabled");
        return new GraphUser(user.path("id").asText(), enabled == null || enabled.isNull() || enabled.asBoolean(),
                values);
    }

    private static void put(Map<String, List<String>> values, String name, Object value) {
        if (value == null || name.startsWith("@") || name.equals("additionalData") || name.equals("backingStore")) {
            return;
        }
        if (value instanceof BackedModel nested) {
            nested.getBackingStore().enumerate().forEach((child, v) -> put(values, name + "." + child, v));
            return;
        }
        if (value instanceof UntypedObject object) {
            object.getValue().forEach((child, v) -> put(values, name + "." + child, v));
            return;
        }
        var texts = new ArrayList<String>();
        collect(value, texts);
        if (!texts.isEmpty()) {
            values.put(GraphUser.key(name), texts);
        }
    }

    private static void collect(Object value, List<String> texts) {
        if (value == null) {
            return;
        }
        if (value instanceof UntypedArray array) {
            array.getValue().forEach(element -> collect(element, texts));
        } else if (value instanceof UntypedNode node) {
            collect(node.getValue(), texts);
        } else if (value instanceof Iterable<?> list) {
            list.forEach(element -> collect(element, texts));
        } else if (value instanceof String || value instanceof Boolean || value instanceof Number
                || value instanceof TemporalAccessor || value instanceof java.util.UUID) {
            String text = value.toString();
            if (!text.isEmpty()) {
                texts.add(text);
            }
        }
    }

    private static void putJson(Map<String, List<String>> values, String name, JsonNode value) {
        if (value == null || value.isNull()) {
            return;
        }
        if (value.isObject()) {
            value.fields().forEachRemaining(field -> putJson(values, name + "." + field.getKey(), field.getValue()));
            return;
        }
        var texts = new ArrayList<String>();
        if (value.isArray()) {
            value.forEach(element -> {
                if (element.isValueNode() && !element.isNull() && !element.asText().isEmpty()) {
                    texts.add(element.asText());
                }
            });
        } else if (!value.asText().isEmpty()) {
            texts.add(value.asText());
        }
        if (!texts.isEmpty()) {
            values.put(GraphUser.key(name), texts);
        }
    }
}
