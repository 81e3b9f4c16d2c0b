package dev.provhub.exporter.ftps;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * The progress of the bytes one data connection hands to the network, for its idle timeout: whether a write has
 * been waiting for the server for longer than the timeout, and by when the server should have taken everything
 * handed over, at the rate it has been taking it.
 *
 * <p>
 * A write returns once the bytes are in the socket's send buffer, so the server may still be reading the last
 * buffers' worth when the last write returns. While the writes are held back by the server, their rate is the
 * server's rate; at that rate the whole transfer needs {@code bytes / rate}, and what it has not had of that time
 * yet is how long the rest takes to drain. The transfer is complete, or stalled, one idle timeout after that.
 *
 * <p>
 * The writing thread records progress; {@link #isStalled()} may be asked from any thread.
 */
final class TransferProgress {

    private static final long NOT_WRITING = Long.MIN_VALUE;

    private final long idleNanos;
    /** Long enough to smooth the bursts in which servers read, short enough to follow the rate as it is now. */
    private final long rateWindowNanos;
    private final LongSupplier nanoClock;
    /** (time, bytes so far) after each write within the rate window, plus the last one before it. */
    private final Deque<long[]> recent = new ArrayDeque<>();
    private long bytes;
    private long firstWrite = NOT_WRITING;
    private volatile long lastProgress;
    private volatile long writeStarted = NOT_WRITING;

    TransferProgress(Duration idleTimeout, LongSupplier nanoClock) {
        if (idleTimeout.isZero() || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("the idle timeout must be positive, not " + idleTimeout);
        }
        this.idleNanos = idleTimeout.toNanos();
        this.rateWindowNanos = Math.max(idleNanos, Duration.ofSeconds(1).toNanos());
        this.nanoClock = nanoClock;
        this.lastProgress = nanoClock.getAsLong();
    }

    Duration idleTimeout() {
        return Duration.ofNanos(idleNanos);
    }

    /** A write, or anything else that waits for the server to take data, is about to start. */
    void writeStarting() {
        long now = nanoClock.getAsLong();
        if (firstWrite == NOT_WRITING) {
            firstWrite = now;
            lastProgress = now;
            recent.add(new long[] { now, 0 });
        }
        writeStarted = now;
    }

    /** The write started last returned, having handed {@code count} bytes to the network. */
    void written(int count) {
        long now = nanoClock.getAsLong();
        writeStarted = NOT_WRITING;
        lastProgress = now;
        bytes += count;
        recent.add(new long[] { now, bytes });
        while (recent.size() > 2 && secondOldest()[0] <= now - rateWindowNanos) {
            recent.removeFirst();
        }
    }

    /** The write under way has been waiting for longer than the idle timeout since the last progress. */
    boolean isStalled() {
        long started = writeStarted;
        return started != NOT_WRITING && nanoClock.getAsLong() - Math.max(started, lastProgress) > idleNanos;
    }

    /**
     * How long to wait from now for the server to finish the transfer: until one idle timeout after the server
     * should have taken everything handed over, and at least one idle timeout.
     */
    Duration completionWait() {
        long deadline = lastProgress + drainNanos() + idleNanos;
        return Duration.ofNanos(Math.max(idleNanos, deadline - nanoClock.getAsLong()));
    }

    /** How long the bytes handed over but not yet taken need after the last write, at the recent rate. */
    private long drainNanos() {
        if (recent.size() < 2) {
            return 0;
        }
        long[] oldest = recent.getFirst();
        long span = lastProgress - oldest[0];
        long taken = bytes - oldest[1];
        if (span <= 0 || taken <= 0) {
            return 0;
        }
        double nanosPerByte = (double) span / taken;
        // bounded so that adding it to a time cannot overflow
        long needed = (long) Math.min(Long.MAX_VALUE / 4, bytes * nanosPerByte);
        return Math.max(0, needed - (lastProgress - firstWrite));
    }

    private long[] secondOldest() {
        var samples = recent.iterator();
        samples.next();
        return samples.next();
    }
}
