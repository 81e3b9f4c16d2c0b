package dev.provhub.exporter.member;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.provhub.events.UserChangedEvent;
import dev.provhub.exporter.config.ExportConfig;

/** Fills the eight columns from a user-change event, as {@code provhub.export.columns.*} says. */
@ApplicationScoped
public class ColumnMapping {

    private static final Map<String, RecordComponent> FIELDS = new TreeMap<>();

    static {
        for (RecordComponent component : UserChangedEvent.class.getRecordComponents()) {
            FIELDS.put(component.getName(), component);
        }
    }

    private final ExportConfig.Columns columns;

    ColumnMapping(ExportConfig config) {
        this.columns = config.columns();
        for (List<String> refs : List.of(columns.membernumber(), columns.upn(), columns.firstname(),
                columns.lastname(), columns.email(), columns.postalcode(), columns.isSuspended(),
                columns.isO365Suspended())) {
            refs.forEach(ColumnMapping::check);
        }
    }

    public MemberValues values(UserChangedEvent event) {
        return new MemberValues(text(event, columns.membernumber()), text(event, columns.upn()),
                text(event, columns.firstname()), text(event, columns.lastname()), text(event, columns.email()),
                text(event, columns.postalcode()), flag(event, columns.isSuspended()),
                flag(event, columns.isO365Suspended()));
    }

    private static String text(UserChangedEvent event, List<String> refs) {
        for (String ref : refs) {
            Object value = value(event, ref.trim());
            if (value != null && !value.toString().isBlank()) {
                return value.toString().trim();
            }
        }
        return null;
    }

    private static boolean flag(UserChangedEvent event, List<String> refs) {
        for (String ref : refs) {
            String name = ref.trim();
            boolean negate = name.startsWith("!");
            Object value = value(event, negate ? name.substring(1) : name);
            boolean set = value instanceof Boolean b ? b : value != null && isTrue(value.toString());
            if (set != negate) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTrue(String text) {
        return text.equalsIgnoreCase("true") || text.equals("1") || text.equalsIgnoreCase("yes");
    }

    private static Object value(UserChangedEvent event, String ref) {
        if (ref.startsWith("attributes.")) {
            String wanted = ref.substring("attributes.".length());
            return event.attributes().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(wanted))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
        try {
            return FIELDS.get(ref).getAccessor().invoke(event);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check(String ref) {
        String name = ref.trim().replaceFirst("^!", "");
        if (!name.startsWith("attributes.") && !FIELDS.containsKey(name)) {
            throw new IllegalArgumentException("provhub.export.columns: '" + ref + "' is not a user-event field or "
                    + "attributes.<name>; fields: " + FIELDS.keySet());
        }
    }
}
