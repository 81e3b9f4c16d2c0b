package dev.provhub.m365sim.throttling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The resource units each application spent in the tenant in the last window (10 seconds), with the limit of the
 * tenant's size: small (under 50 users) 3,500, medium (50 to 500) 5,000, large (over 500) 8,000. A request that
 * would exceed it is refused whole and costs nothing.
 */
public final class ResourceUnitBudget {

    /** The decision for one request. */
    public record Decision(boolean allowed, int cost, int limit, double usedFraction, long retryAfterSeconds) {
    }

    private record Spend(Instant at, int cost) {
    }

    private final Map<String, Deque<Spend>> spendByApp = new HashMap<>();

    public static int limitForUsers(int users) {
        if (users < 50) {
            return 3_500;
        }
        return users <= 500 ? 5_000 : 8_000;
    }

    public synchronized Decision charge(String appId, int cost, int limit, Duration window, Instant now) {
        Deque<Spend> spends = spendByApp.computeIfAbsent(appId, id -> new ArrayDeque<>());
        Instant windowStart = now.minus(window);
        while (!spends.isEmpty() && !spends.peekFirst().at().isAfter(windowStart)) {
            spends.pollFirst();
        }
        int used = spends.stream().mapToInt(Spend::cost).sum();
        if (used + cost > limit) {
            return new Decision(false, cost, limit, (double) used / limit, retryAfter(spends, used + cost - limit,
                    window, now));
        }
        spends.addLast(new Spend(now, cost));
        return new Decision(true, cost, limit, (double) (used + cost) / limit, 0);
    }

    /** Seconds until enough of the oldest spends leave the window for this request to fit. */
    private static long retryAfter(Deque<Spend> spends, int excess, Duration window, Instant now) {
        int freed = 0;
        for (Spend spend : spends) {
            freed += spend.cost();
            if (freed >= excess) {
                long millis = Duration.between(now, spend.at().plus(window)).toMillis();
                return Math.max(1, (millis + 999) / 1000);
            }
        }
        return Math.max(1, window.toSeconds());
    }

    public synchronized void reset() {
        spendByApp.clear();
    }
}
