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
 * handler may run again ({@link RunHandler.StaleRunPolicy#RETRY}) runs again here, and any other is failed. Either
 * way its outcome is written once the database answers, so a live process never keeps a run RUNNING for ever.
 */
@ApplicationScoped
class RunExecution {

    private static final Logger LOG = Logger.getLogger(RunExecution.class);

    private final Runs runs;
    private final RunHandlers handlers;
    private final MeterRegistry registry;
    private final DatabaseOutage outage;

    RunExecution(Runs runs, RunHandlers handlers, MeterRegistry registry, DatabaseOutage outage) {
        this.runs = runs;
        this.handlers = handlers;
        this.registry = registry;
        this.outage = outage;
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
            while (outcome == null) {
                try {
                    outcome = handler.execute(run);
                } catch (RunLostException e) {
                    LOG.warnf("Run %s was taken over by another process; this one stops", id);
                    return runs.find(id).orElse(run);
                } catch (Exception e) {
                    if (outage.waitedOut(e)) {
                        if (handler.onStale() == RunHandler.StaleRunPolicy.RETRY) {
                            LOG.warnf("Run %s was interrupted by a database outage (%s); the database is back, so it "
                                    + "runs again", id, e.toString());
                            continue;
                        }
                        LOG.errorf(e, "Run %s was interrupted by a database outage", id);
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

    /** Writes the run's outcome, waiting out an outage that keeps it from being written. */
    private boolean finish(UUID id, RunOutcome outcome) {
        while (true) {
            try {
                return runs.finish(id, outcome);
            } catch (RuntimeException e) {
                if (!outage.waitedOut(e)) {
                    throw e;
                }
            }
        }
    }
}
