package dev.provhub.runs;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Runs queued runs on Quarkus' {@link ManagedExecutor}, at most {@code provhub.runs.worker.concurrency} at once in
 * this process, taking them from the database so that a run queued by any process is run by whichever process is
 * free. Also runs a run here and now, for commands and scheduled jobs.
 */
@ApplicationScoped
public class RunQueue {

    private static final Logger LOG = Logger.getLogger(RunQueue.class);
    private static final long WAIT_MILLIS = 200;

    private final Runs runs;
    private final RunHandlers handlers;
    private final RunExecution execution;
    private final RunSignal signal;
    private final RunsConfig config;
    private final ManagedExecutor executor;
    private final Semaphore slots;
    private volatile boolean dispatching;
    private Thread dispatcher;

    RunQueue(Runs runs, RunHandlers handlers, RunExecution execution, RunSignal signal, RunsConfig config,
            ManagedExecutor executor) {
        this.runs = runs;
        this.handlers = handlers;
        this.execution = execution;
        this.signal = signal;
        this.config = config;
        this.executor = executor;
        this.slots = new Semaphore(Math.max(1, config.worker().concurrency()));
    }

    void start(@Observes StartupEvent startup) {
        if (!config.worker().enabled() || handlers.kinds().isEmpty()) {
            return;
        }
        dispatching = true;
        dispatcher = new Thread(this::dispatch, "run-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        dispatching = false;
        signal.wake();
    }

    /** Records {@code spec} as a queued run and has a free process run it. */
    public Run submit(NewRun spec) {
        return runs.enqueue(spec);
    }

    /**
     * Records {@code spec} as running here and runs it on the calling thread (a command, a scheduled job).
     *
     * @return the run, finished
     * @throws RunAlreadyActiveException when a run of the same kind and scope is running
     */
    public Run runHere(NewRun spec) {
        return execution.execute(runs.startHere(spec));
    }

    /**
     * Runs the queued run {@code runId} here (a command that queued its own run), or, when another process took
     * it first or something of its kind and scope is running, waits until it has finished there.
     *
     * @return the run, finished
     */
    public Run runQueuedHere(UUID runId) {
        while (true) {
            Optional<Run> claimed = runs.claim(runId);
            if (claimed.isPresent()) {
                return execution.execute(claimed.get());
            }
            Run run = runs.find(runId).orElseThrow(() -> new RunNotFoundException("queued", runId));
            if (run.status.finished()) {
                return run;
            }
            sleep(WAIT_MILLIS);
        }
    }

    private void dispatch() {
        config.worker().initialDelay().ifPresent(delay -> sleep(delay.toMillis()));
        while (dispatching) {
            try {
                slots.acquire();
                Optional<Run> next;
                try {
                    next = dispatching ? runs.claimNext(handlers.kinds()) : Optional.empty();
                } catch (RuntimeException e) {
                    // the database may be restarting; queued runs wait in it meanwhile
                    LOG.warnf("Could not look for queued runs: %s", e.toString());
                    next = Optional.empty();
                }
                if (next.isEmpty()) {
                    slots.release();
                    signal.await(config.worker().pollInterval().toMillis());
                    continue;
                }
                Run run = next.get();
                executor.runAsync(() -> {
                    try {
                        execution.execute(run);
                    } finally {
                        slots.release();
                        signal.wake();
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
