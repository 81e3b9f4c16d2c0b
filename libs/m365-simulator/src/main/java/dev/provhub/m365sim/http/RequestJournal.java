package dev.provhub.m365sim.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Every request the simulator answered, oldest first, bounded so a benchmark cannot fill the heap. */
public final class RequestJournal {

    private static final int CAPACITY = 20_000;
    private final List<JournalEntry> entries = new ArrayList<>();

    public synchronized void record(JournalEntry entry) {
        if (entries.size() >= CAPACITY) {
            entries.subList(0, CAPACITY / 10).clear();
        }
        entries.add(entry);
    }

    public synchronized List<JournalEntry> entries() {
        return List.copyOf(entries);
    }

    public synchronized List<JournalEntry> entries(Predicate<JournalEntry> filter) {
        return entries.stream().filter(filter).toList();
    }

    /** Entries whose path contains the given text ({@code "/groups/delta"}). */
    public List<JournalEntry> forPath(String fragment) {
        return entries(entry -> entry.path().contains(fragment));
    }

    public synchronized void clear() {
        entries.clear();
    }

    /** The headers a journal keeps: every one, with credentials reduced to their scheme. */
    static Map<String, String> withoutSecrets(Map<String, String> headers) {
        var kept = new LinkedHashMap<String, String>();
        headers.forEach((name, value) -> {
            if (name.equalsIgnoreCase("Authorization")) {
                int space = value.indexOf(' ');
                kept.put(name, (space > 0 ? value.substring(0, space) : "?") + " [redacted]");
            } else if (!name.equalsIgnoreCase("Cookie")) {
                kept.put(name, value);
            }
        });
        return kept;
    }
}
