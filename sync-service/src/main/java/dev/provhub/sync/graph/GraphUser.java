package dev.provhub.sync.graph;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An Entra user as a run read it: its object id, whether its account is enabled, and the values of the attributes
 * the run selected, by attribute name without case ({@code onPremisesExtensionAttributes.extensionAttribute1} for a
 * nested one). Multi-valued attributes keep every value.
 */
public record GraphUser(String id, boolean enabled, Map<String, List<String>> values) {

    public GraphUser {
        values = Map.copyOf(values);
    }

    /** The attribute's first value, or null. */
    public String value(String attribute) {
        List<String> all = values(attribute);
        return all.isEmpty() ? null : all.get(0);
    }

    /** Every value of the attribute (empty when it has none). */
    public List<String> values(String attribute) {
        return values.getOrDefault(key(attribute), List.of());
    }

    static String key(String attribute) {
        return attribute.toLowerCase(Locale.ROOT);
    }
}
