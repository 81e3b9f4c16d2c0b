package dev.provhub.runs;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Runs one owned run through its handler and records its outcome; every log line carries the run id. */
@ApplicationScoped
class RunExecution {

    private static final Logger LOG = Logger.getLogger(RunExecution.class);

    private final Runs runs;
    private final RunHandlers handlers;
    private final MeterRegistry registry;

    RunExecution(Runs runs, RunHandlers handlers, MeterRegistry registry) {
        this.runs = runs;
        this.handlers = handlers;
        this.registry = registry;
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
            RunOutcome outcome;
            try {
                outcome = handler.execute(run);
            } catch (RunLostException e) {
                LOG.warnf("Run %s was taken over by another process; this one stops", id);
                return runs.find(id).orElse(run);
            } catch (Exception e) {
                LOG.errorf(e, "Run %s failed unexpectedly", id);
                outcome = RunOutcome.failed("unexpected error (see the service log for run " + id + ")", null);
            }
            if (runs.finish(id, outcome)) {
                outcomeTag = outcome.status().name().toLowerCase();
            }
            return runs.find(id).orElse(run);
        } finally {
            started.stop(registry.timer("provhub.run.duration", "kind", run.kind, "outcome", outcomeTag));
            MDC.remove("run");
        }
    }
}
