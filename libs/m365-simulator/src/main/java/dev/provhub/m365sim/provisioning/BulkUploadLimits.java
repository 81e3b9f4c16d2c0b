package dev.provhub.m365sim.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import dev.provhub.m365sim.http.GraphException;

/**
 * The documented limits of {@code /bulkUpload} for a tenant: 40 calls in any 5-second window, and a quota of calls
 * per 24 hours (2,000 with Entra ID P1/P2, 6,000 with Governance). Both answer 429 with a {@code Retry-After}.
 */
final class BulkUploadLimits {

    private final Deque<Instant> recent = new ArrayDeque<>();
    private final Deque<Instant> today = new ArrayDeque<>();

    synchronized void charge(Instant now, int perWindow, Duration window, int perDay) {
        prune(recent, now.minus(window));
        prune(today, now.minus(Duration.ofDays(1)));
        if (recent.size() >= perWindow) {
            throw tooMany("The bulkUpload rate limit of " + perWindow + " calls in any " + window.toSeconds()
                    + " seconds was exceeded.", recent.peekFirst().plus(window), now);
        }
        if (today.size() >= perDay) {
            throw tooMany("The tenant's bulkUpload quota of " + perDay + " calls in 24 hours was exceeded.",
                    today.peekFirst().plus(Duration.ofDays(1)), now);
        }
        recent.addLast(now);
        today.addLast(now);
    }

    synchronized void reset() {
        recent.clear();
        today.clear();
    }

    private static void prune(Deque<Instant> calls, Instant before) {
        while (!calls.isEmpty() && !calls.peekFirst().isAfter(before)) {
            calls.pollFirst();
        }
    }

    private static GraphException tooMany(String message, Instant free, Instant now) {
        long seconds = Math.max(1, (Duration.between(now, free).toMillis() + 999) / 1000);
        return new GraphException(429, "TooManyRequests", message).withHeader("Retry-After", String.valueOf(seconds));
    }
}
