package dev.provhub.runs;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of runs and scheduled jobs ({@code provhub.runs.*}). */
@ConfigMapping(prefix = "provhub.runs")
public interface RunsConfig {

    /**
     * The name of this process in run owners and logs; the pod name in Kubernetes. A random suffix is added, so two
     * processes on one host never share a name.
     */
    @WithDefault("${HOSTNAME:local}")
    String instanceName();

    /** How often this process tells the database that it still runs its runs and scheduled jobs. */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /**
     * How long a run or scheduled job may go without a heartbeat before another process takes it over. Longer
     * than the longest pause a live process can have (garbage collection, a stalled database connection).
     */
    @WithDefault("60s")
    Duration staleAfter();

    /** How often a run that lost its process is tried again before it fails for good. */
    @WithDefault("3")
    int maxAttempts();

    /** The most items (rejected rows, withheld members) kept per run; the counts still count them all. */
    @WithDefault("10000")
    int maxItemsPerRun();

    /** The size of the chunks artefacts are stored in. */
    @WithDefault("1048576")
    int artefactChunkBytes();

    Worker worker();

    interface Worker {

        /** Run queued runs in this process. Off for processes that only start their own runs (a command). */
        @WithDefault("true")
        boolean enabled();

        /** How many runs this process runs at once. */
        @WithDefault("1")
        int concurrency();

        /** How often an idle worker looks for queued runs (a run queued in this process wakes it at once). */
        @WithDefault("2s")
        Duration pollInterval();

        /** A pause after start-up before the worker takes runs, so a command can stand it down first. */
        Optional<Duration> initialDelay();
    }
}
