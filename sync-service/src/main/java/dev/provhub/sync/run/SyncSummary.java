package dev.provhub.sync.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The summary of a run, as the seed prints it at the end: per application group the users created, updated,
 * unchanged, added and removed, and the totals. A dry run's summary is the one the real run would have.
 */
public final class SyncSummary {

    /** Per application group. */
    public record GroupCounts(long created, long updated, long unchanged, long added, long removed) {
        GroupCounts plus(GroupCounts other) {
            return new GroupCounts(created + other.created, updated + other.updated, unchanged + other.unchanged,
                    added + other.added, removed + other.removed);
        }
    }

    /** The summary as stored and shown (JSON). */
    public record View(String mode, String modeReason, Map<String, Long> totals, Map<String, GroupCounts> groups,
            List<String> notes, Integer graphRequests, Integer throttled) {
    }

    public static final List<String> TOTALS = List.of("usersCreated", "usersUpdated", "usersUnchanged",
            "usersDeactivated", "usersReactivated", "usersDeleted", "usersSkipped", "usersFailed", "groupsCreated",
            "membershipsAdded", "membershipsRemoved", "ignoredMembers");

    private final Map<String, Long> totals = new LinkedHashMap<>();
    private final Map<String, GroupCounts> groups = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final List<String> notes = new ArrayList<>();

    public SyncSummary() {
        TOTALS.forEach(name -> totals.put(name, 0L));
    }

    public void add(String total, long amount) {
        totals.merge(total, amount, Long::sum);
    }

    public void group(String name, GroupCounts counts) {
        groups.merge(name, counts, GroupCounts::plus);
    }

    /** A group the run syncs appears in the summary even when nothing happened to it. */
    public void touch(String name) {
        groups.putIfAbsent(name, new GroupCounts(0, 0, 0, 0, 0));
    }

    public void note(String note) {
        notes.add(note);
    }

    public Map<String, Long> totals() {
        return Map.copyOf(totals);
    }

    public long total(String name) {
        return totals.getOrDefault(name, 0L);
    }

    public View view(String mode, String modeReason, Integer graphRequests, Integer throttled) {
        return new View(mode, modeReason, new LinkedHashMap<>(totals), new LinkedHashMap<>(groups), List.copyOf(notes),
                graphRequests, throttled);
    }
}
