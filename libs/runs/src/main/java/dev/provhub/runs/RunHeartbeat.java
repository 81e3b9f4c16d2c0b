package dev.provhub.runs;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * This process's heartbeat, on a thread of its own so that a run busy in a long batch still proves it is alive:
 * it refreshes the runs this process owns and the leases of the scheduled jobs it runs, and takes over runs and
 * jobs whose process has gone quiet.
 */
@ApplicationScoped
public class RunHeartbeat {

    private static final Logger LOG = Logger.getLogger(RunHeartbeat.class);

    private final Runs runs;
    private final RunHandlers handlers;
    private final ScheduleLeases leases;
    private final RunSignal signal;
    private final RunsConfig config;
    private final Set<String> heldJobs = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService timer;

    RunHeartbeat(Runs runs, RunHandlers handlers, ScheduleLeases leases, RunSignal signal, RunsConfig config) {
        this.runs = runs;
        this.handlers = handlers;
        this.leases = leases;
        this.signal = signal;
        this.config = config;
    }

    void start(@Observes StartupEvent startup) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "run-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long every = config.heartbeatInterval().toMillis();
        timer.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** One heartbeat: refresh what this process owns, then take over what others left stale. */
    public void beat() {
        try {
            runs.heartbeat();
            heldJobs.forEach(leases::renew);
            if (runs.recoverStale(handlers::forKind) > 0) {
                signal.wake();
            }
        } catch (RuntimeException e) {
            // the database may be restarting: the next beat tries again; a lease that lapses meanwhile is the
            // price of an unreachable database
            LOG.warnf("Run heartbeat failed: %s", e.toString());
        }
    }

    void holding(String job) {
        heldJobs.add(job);
    }

    void released(String job) {
        heldJobs.remove(job);
    }
}
