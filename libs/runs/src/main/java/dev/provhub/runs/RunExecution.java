package dev.provhub.runs;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import dev.provhub.dboutage.DatabaseOutage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Runs one owned run through its handler and records its outcome; every log line carries the run id. A run the
 * database drops (its handler fails because of an outage) is not left for dead: once the database is back, a run its
 * handler may run again ({@link RunHandler.StaleRunPolicy#RETRY}) runs again here, up to
 * {@code provhub.runs.max-attempts} times, and any other is failed. Either way its outcome is written once the
 * database answers, however long it is away, so a live process never keeps a run RUNNING for ever.
 */
@ApplicationScoped
class RunExecution {

    private static final Logger LOG = Logger.getLogger(RunExecution.class);

    private final Runs runs;
    private final RunHandlers handlers;
    private final MeterRegistry registry;
    private final DatabaseOutage outage;
    private final RunsConfig config;

    RunExecution(Runs runs, RunHandlers handlers, MeterRegistry registry, DatabaseOutage outage, RunsConfig config) {
        this.runs = runs;
        this.handlers = handlers;
        this.registry = registry;
        this.outage = outage;
        this.config = config;
    }

    @ActivateRequestContext
    Run execute(Run run) {
        UUID id = run.id;
        MDC.put("run", id.toString());
        Timer.Sample started = Timer.start(registry);
        String outcomeTag = "lost";
        try {
            RunHandler handler = handlers.forKind(run.kind);
            if (handler == null) {
                throw new IllegalStateException("no handler for runs of kind " + run.kind);
            }
            RunOutcome outcome = null;
            int interruptions = 0;
            while (outcome == null) {
                try {
                    outcome = handler.execute(run);
                } catch (RunLostException e) {
                    LOG.warnf("Run %s was taken over by another process; this one stops", id);
                    return runs.find(id).orElse(run);
                } catch (Exception e) {
                    if (outage.waitedOutHoweverLong(e)) {
                        interruptions++;
                        if (handler.onStale() == RunHandler.StaleRunPolicy.RETRY
                                && interruptions <= config.maxAttempts()) {
                            LOG.warnf("Run %s was interrupted by a database outage (%s); the database is back, so it "
                                    + "runs again", id, e.toString());
                            continue;
                        }
                        LOG.errorf(e, "Run %s was interrupted by a database outage (%d times)", id, interruptions);
                        outcome = RunOutcome.failed("interrupted by a database outage (see the service log for run "
                                + id + ")", null);
                    } else {
                        LOG.errorf(e, "Run %s failed unexpectedly", id);
                        outcome = RunOutcome.failed("unexpected error (see the service log for run " + id + ")",
                                null);
                    }
                }
            }
            if (finish(id, outcome)) {
                outcomeTag = outcome.status().name().toLowerCase();
            }
            return runs.find(id).orElse(run);
        } finally {
            started.stop(registry.timer("provhub.run.duration", "kind", run.kind, "outcome", outcomeTag));
            MDC.remove("run");
        }
    }

    /** Writes the run's outcome, waiting out an outage (however long) that keeps it from being written. */
    private boolean finish(UUID id, RunOutcome outcome) {
        while (true) {
            try {
                return runs.finish(id, outcome);
            } catch (RuntimeException e) {
                if (!outage.waitedOutHoweverLong(e)) {
                    throw e;
                }
            }
        }
    }
}
