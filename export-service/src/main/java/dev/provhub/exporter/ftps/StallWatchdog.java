package dev.provhub.exporter.ftps;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Aborts a data connection whose write has waited for the server for longer than the idle timeout. A blocked socket
 * write has no timeout of its own (the socket's read timeout covers reads only), so without this an upload to a
 * server that stopped reading would wait forever.
 */
final class StallWatchdog {

    private static final Duration LONGEST_CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Duration SHORTEST_CHECK_INTERVAL = Duration.ofMillis(10);

    /** One thread for every upload of the JVM: a check is a comparison of two numbers. */
    private static final ScheduledThreadPoolExecutor CHECKS = checks();

    private StallWatchdog() {
    }

    /**
     * Checks {@code progress} a few times per idle timeout and runs {@code abort} when it is stalled, at every
     * check until the returned future is cancelled.
     *
     * @return what stops the checks
     */
    static ScheduledFuture<?> watch(TransferProgress progress, Runnable abort) {
        Duration interval = progress.idleTimeout().dividedBy(4);
        if (interval.compareTo(LONGEST_CHECK_INTERVAL) > 0) {
            interval = LONGEST_CHECK_INTERVAL;
        } else if (interval.compareTo(SHORTEST_CHECK_INTERVAL) < 0) {
            interval = SHORTEST_CHECK_INTERVAL;
        }
        Runnable check = () -> {
            if (progress.isStalled()) {
                abort.run();
            }
        };
        return CHECKS.scheduleWithFixedDelay(check, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static ScheduledThreadPoolExecutor checks() {
        var executor = new ScheduledThreadPoolExecutor(1, task -> {
            var thread = new Thread(task, "ftps-stall-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        // no thread lingers in a JVM that has not uploaded for a while
        executor.setKeepAliveTime(1, TimeUnit.MINUTES);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
