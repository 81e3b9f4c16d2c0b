package dev.provhub.m365sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulator's time: the real clock plus an offset that tests move forward. Real time keeps running, so waits that
 * clients really make (a {@code Retry-After}) still count, and {@link #advance(Duration)} jumps over the waits a test
 * cannot afford (a delta token's seven days, a daily quota).
 */
public final class SimulatorClock extends Clock {

    private final AtomicLong offsetMillis = new AtomicLong();

    @Override
    public Instant instant() {
        return Instant.now().plusMillis(offsetMillis.get());
    }

    /** Moves the simulator's time forward (never back: tokens and windows only make sense forward). */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward: " + duration);
        }
        offsetMillis.addAndGet(duration.toMillis());
    }

    /** Back to real time. */
    public void reset() {
        offsetMillis.set(0);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the simulator's clock is UTC");
    }
}
