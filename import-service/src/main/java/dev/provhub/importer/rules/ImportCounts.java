package dev.provhub.importer.rules;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a run did, per kind of outcome. */
public final class ImportCounts {

    public enum Kind {
        CREATED,
        UPDATED,
        UNCHANGED,
        DEACTIVATED,
        REACTIVATED,
        DELETED,
        RESTORED,
        MOVED_TO_LIMBO,
        REMOVED_FROM_ORG,
        FAILED,
        SKIPPED
    }

    private final Map<Kind, Long> counts = new LinkedHashMap<>();

    public ImportCounts() {
        for (Kind kind : Kind.values()) {
            counts.put(kind, 0L);
        }
    }

    public synchronized void add(Kind kind) {
        counts.merge(kind, 1L, Long::sum);
    }

    public synchronized void reset() {
        counts.replaceAll((kind, n) -> 0L);
    }

    public synchronized long get(Kind kind) {
        return counts.get(kind);
    }

    public synchronized void addAll(ImportCounts other) {
        other.asMap().forEach((name, n) -> counts.merge(Kind.valueOf(toEnum(name)), n, Long::sum));
    }

    /** Counts by name in camel case (created, movedToLimbo, ...), for reports and JSON. */
    public synchronized Map<String, Long> asMap() {
        var map = new LinkedHashMap<String, Long>();
        counts.forEach((kind, n) -> map.put(camel(kind), n));
        return map;
    }

    public static ImportCounts of(Map<String, ? extends Number> map) {
        var counts = new ImportCounts();
        if (map != null) {
            map.forEach((name, n) -> counts.counts.put(Kind.valueOf(toEnum(name)), n.longValue()));
        }
        return counts;
    }

    private static String camel(Kind kind) {
        String[] words = kind.name().toLowerCase().split("_");
        var name = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return name.toString();
    }

    private static String toEnum(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase();
    }
}
