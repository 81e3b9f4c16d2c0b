package dev.provhub.scim.source;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.provhub.scim.mapping.expr.Columns;

/** The columns of a CSV file, from its header; names compare without case, and the first of two equal names wins. */
public final class HeaderColumns implements Columns {

    private final List<String> names;
    private final Map<String, Integer> indices = new HashMap<>();

    public HeaderColumns(List<String> names) {
        this.names = List.copyOf(names);
        for (int i = 0; i < names.size(); i++) {
            indices.putIfAbsent(names.get(i).toLowerCase(Locale.ROOT), i);
        }
    }

    @Override
    public int indexOf(String name) {
        return indices.getOrDefault(name.toLowerCase(Locale.ROOT), -1);
    }

    public List<String> names() {
        return names;
    }
}
