package dev.provhub.m365sim.http;

import java.time.Duration;

/**
 * What to do to a request instead of (or before) answering it: a status with Graph's error body, a delay, a
 * dropped connection, or a body that is not JSON.
 */
public record Fault(Kind kind, int status, Duration latency, Integer retryAfterSeconds) {

    public enum Kind {
        STATUS,
        LATENCY,
        CONNECTION_RESET,
        MALFORMED_BODY
    }

    /** Answer with this status and a Graph error body (with {@code Retry-After} for 429 and 503). */
    public static Fault status(int status) {
        return new Fault(Kind.STATUS, status, Duration.ZERO, status == 429 || status == 503 ? 1 : null);
    }

    public static Fault status(int status, int retryAfterSeconds) {
        return new Fault(Kind.STATUS, status, Duration.ZERO, retryAfterSeconds);
    }

    /** Answer normally, after a delay. */
    public static Fault latency(Duration latency) {
        return new Fault(Kind.LATENCY, 0, latency, null);
    }

    /** Close the connection without answering. */
    public static Fault connectionReset() {
        return new Fault(Kind.CONNECTION_RESET, 0, Duration.ZERO, null);
    }

    /** Answer 200 with a JSON content type and a truncated body. */
    public static Fault malformedBody() {
        return new Fault(Kind.MALFORMED_BODY, 200, Duration.ZERO, null);
    }
}
