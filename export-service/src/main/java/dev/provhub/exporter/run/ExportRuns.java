package dev.provhub.exporter.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.provhub.exporter.config.ExportConfig;
import dev.provhub.exporter.delta.ExportedState;
import dev.provhub.runs.NewRun;
import dev.provhub.runs.OncePerSchedule;
import dev.provhub.runs.Run;
import dev.provhub.runs.RunAlreadyActiveException;
import dev.provhub.runs.RunArtefacts;
import dev.provhub.runs.RunItems;
import dev.provhub.runs.RunOutcome;
import dev.provhub.runs.RunQueue;
import dev.provhub.runs.Runs;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * Starts exports (daily on a schedule, on demand, from the command), sets a baseline, deletes old files, and reads
 * runs back. Whatever starts it, at most one export runs at a time across replicas, and a scheduled export or
 * clean-up runs once per fire time.
 */
@ApplicationScoped
public class ExportRuns {

    private static final Logger LOG = Logger.getLogger(ExportRuns.class);

    private final RunQueue queue;
    private final Runs runs;
    private final RunItems items;
    private final RunArtefacts artefacts;
    private final ExportedState state;
    private final OncePerSchedule once;
    private final ExportConfig config;

    ExportRuns(RunQueue queue, Runs runs, RunItems items, RunArtefacts artefacts, ExportedState state,
            OncePerSchedule once, ExportConfig config) {
        this.queue = queue;
        this.runs = runs;
        this.items = items;
        this.artefacts = artefacts;
        this.state = state;
        this.once = once;
        this.config = config;
    }

    @Scheduled(cron = "${provhub.export.cron}", identity = "daily-export", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void daily(ScheduledExecution execution) {
        once.run("daily-export", execution.getScheduledFireTime(), () -> {
            try {
                queue.runHere(spec("schedule", false, null));
            } catch (RunAlreadyActiveException e) {
                LOG.warnf("The daily export did not start: %s", e.getMessage());
            }
        });
    }

    @Scheduled(cron = "${provhub.export.retention-cron}", identity = "export-file-retention", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retention(ScheduledExecution execution) {
        once.run("export-file-retention", execution.getScheduledFireTime(), () -> {
            int deleted = deleteOldFiles();
            once.forgetOldClaims();
            if (deleted > 0) {
                LOG.infof("Deleted %d export files older than %s", deleted, config.fileRetention());
            }
        });
    }

    /**
     * Queues an export for any replica and returns it.
     *
     * @throws RunAlreadyActiveException when an export is queued or running
     */
    public ExportRunView start(String trigger, boolean dryRun, String requestedBy) {
        Run run = runs.enqueueUnlessActive(spec(trigger, dryRun, requestedBy));
        return view(run.id);
    }

    /** Runs an export here and now (the command) and returns it finished. */
    public ExportRunView runNow(String trigger, boolean dryRun, String requestedBy) {
        return view(queue.runHere(spec(trigger, dryRun, requestedBy)).id);
    }

    /** A new export run, not yet recorded, so that its id is known before it starts (to follow its progress). */
    public static NewRun spec(String trigger, boolean dryRun, String requestedBy) {
        return NewRun.of(ExportRunner.KIND, ExportRunner.SCOPE, trigger).dryRun(dryRun).requestedBy(requestedBy);
    }

    /** Runs {@code spec} here and returns it finished. */
    public ExportRunView runNow(NewRun spec) {
        return view(queue.runHere(spec).id);
    }

    /**
     * Marks what the members are now as already exported, without files: for moving over from the old scripts
     * without sending everyone again. It is a run of its own, so it never overlaps an export.
     *
     * @return how many members are now in the exported state
     */
    public long baseline(String requestedBy) {
        Run run = runs.startHere(spec("baseline", false, requestedBy));
        try {
            return QuarkusTransaction.requiringNew().timeout(3600).call(() -> {
                runs.lockOwned(run.id);
                long exported = state.baseline(run.id);
                runs.finish(run.id, RunOutcome.completed(Map.of("baseline", exported)));
                return exported;
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "The baseline failed");
            runs.finish(run.id, RunOutcome.failed("baseline failed: " + e.getMessage(), Map.of()));
            throw e;
        }
    }

    /** Deletes files older than the retention, for every replica; returns how many. */
    public int deleteOldFiles() {
        return artefacts.deleteOlderThan(Instant.now().minus(config.fileRetention()));
    }

    public List<ExportRunView> recent(int limit) {
        return runs.recent(ExportRunner.KIND, limit).stream().map(run -> view(run.id)).toList();
    }

    /** @throws dev.provhub.runs.RunNotFoundException when there is no such export */
    public ExportRunView find(UUID id) {
        return view(id);
    }

    private ExportRunView view(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> ExportRunView.of(runs.require(ExportRunner.KIND, id),
                ExportRun.findById(id), items.list(id)));
    }
}
