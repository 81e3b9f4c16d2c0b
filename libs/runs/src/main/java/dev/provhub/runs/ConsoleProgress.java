package dev.provhub.runs;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

import io.quarkus.arc.Arc;

/**
 * Progress of a long command on the console, as the REST runs show it: items done of the total, the rate and the
 * time left, every few seconds while the run goes on.
 *
 * <pre>
 * try (var progress = ConsoleProgress.follow(spec.id(), "rows", System.out)) {
 *     queue.runHere(spec);
 * }
 * </pre>
 */
public final class ConsoleProgress implements AutoCloseable {

    private static final Duration EVERY = Duration.ofSeconds(2);

    private final Thread thread;
    private volatile boolean stopped;

    private ConsoleProgress(UUID runId, String unit, PrintStream out) {
        this.thread = new Thread(() -> report(runId, unit, out), "console-progress");
        this.thread.setDaemon(true);
    }

    /**
     * Makes this process a command rather than a replica of the service: it runs only its own run, takes no
     * queued runs, fires no schedules and listens on no HTTP port (an administrator runs it inside the service's
     * container, where the service already listens). Call it from {@code main}, before Quarkus starts.
     */
    public static void commandMode() {
        System.setProperty("provhub.runs.worker.enabled", "false");
        System.setProperty("quarkus.scheduler.enabled", "false");
        System.setProperty("quarkus.http.host-enabled", "false");
    }

    /** Prints the progress of run {@code runId} (which may not exist yet) until closed. */
    public static ConsoleProgress follow(UUID runId, String unit, PrintStream out) {
        var progress = new ConsoleProgress(runId, unit, out);
        progress.thread.start();
        return progress;
    }

    private void report(UUID runId, String unit, PrintStream out) {
        Runs runs = Arc.container().instance(Runs.class).get();
        long shown = -1;
        while (!stopped) {
            try {
                Thread.sleep(EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            Run run;
            try {
                run = runs.find(runId).orElse(null);
            } catch (RuntimeException e) {
                continue;
            }
            if (run == null || run.startedAt == null || run.progressDone == shown || stopped) {
                continue;
            }
            shown = run.progressDone;
            out.println(line(run, unit, Duration.between(run.startedAt, java.time.Instant.now())));
        }
    }

    /** {@code 12,000 / 60,000 rows (20 %), 2,100 rows/s, about 23 s left}. */
    static String line(Run run, String unit, Duration elapsed) {
        double seconds = Math.max(0.001, elapsed.toMillis() / 1000.0);
        double rate = run.progressDone / seconds;
        if (run.progressTotal == null || run.progressTotal == 0) {
            return String.format(Locale.ROOT, "  %,d %s, %,.0f %s/s", run.progressDone, unit, rate, unit);
        }
        long left = rate <= 0 ? -1 : Math.round((run.progressTotal - run.progressDone) / rate);
        return String.format(Locale.ROOT, "  %,d / %,d %s (%.0f %%), %,.0f %s/s%s", run.progressDone,
                run.progressTotal, unit, 100.0 * run.progressDone / run.progressTotal, rate, unit,
                left < 0 ? "" : ", about " + left + " s left");
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
