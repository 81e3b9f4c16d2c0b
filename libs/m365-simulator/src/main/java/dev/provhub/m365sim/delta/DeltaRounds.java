package dev.provhub.m365sim.delta;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The pages of delta rounds in progress: a round's entries are fixed when it starts, so its pages are consistent
 * whatever changes meanwhile (those come in the next round). The oldest rounds are forgotten first.
 */
final class DeltaRounds {

    private static final int CAPACITY = 500;

    record Round(List<ObjectNode> entries, long sequence, List<String> select, List<String> ids, Instant started) {
        boolean expired(Instant now, Duration lifetime) {
            return started.plus(lifetime).isBefore(now);
        }
    }

    record Page(Round round, int index) {
    }

    private final Map<String, Round> rounds = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Round> eldest) {
            return size() > CAPACITY;
        }
    };
    private final Map<Round, String> ids = new java.util.IdentityHashMap<>();

    synchronized void add(Round round) {
        String id = DeltaEndpoints.newRoundId();
        rounds.put(id, round);
        ids.put(round, id);
        if (ids.size() > CAPACITY * 2) {
            ids.keySet().retainAll(rounds.values());
        }
    }

    synchronized String skipToken(Round round, int pageIndex) {
        return ids.get(round) + "-" + pageIndex;
    }

    synchronized Page page(String skipToken) {
        int dash = skipToken.lastIndexOf('-');
        if (dash < 0) {
            return null;
        }
        Round round = rounds.get(skipToken.substring(0, dash));
        try {
            int index = Integer.parseInt(skipToken.substring(dash + 1));
            return round == null || index < 0 ? null : new Page(round, index);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    synchronized void clear() {
        rounds.clear();
        ids.clear();
    }
}
