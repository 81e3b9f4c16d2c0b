package dev.provhub.scim.run;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.provhub.runs.NewRun;
import dev.provhub.runs.OncePerSchedule;
import dev.provhub.runs.Run;
import dev.provhub.runs.Runs;
import dev.provhub.scim.sending.Pacer;
import dev.provhub.scim.sending.ScimClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * Moves waiting jobs on, once per fire time across replicas: a job whose wait is over (the daily quota came back, a
 * back-off ended, the logs are due for a poll) gets its next pass queued, and so does a job whose pass ended
 * without finishing it (its process failed). Any replica runs the pass.
 */
@ApplicationScoped
public class JobResumer {

    private static final Logger LOG = Logger.getLogger(JobResumer.class);

    private final OncePerSchedule once;
    private final Runs runs;
    private final ScimClock clock;
    private final Pacer pacer;

    JobResumer(OncePerSchedule once, Runs runs, ScimClock clock, Pacer pacer) {
        this.once = once;
        this.runs = runs;
        this.clock = clock;
        this.pacer = pacer;
    }

    @Scheduled(cron = "${provhub.scim.resume-cron}", identity = "scim-resume", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        once.run("scim-resume", execution.getScheduledFireTime(), this::resumeDue);
    }

    /** Queues the next pass of every job that is due; returns how many. */
    public int resumeDue() {
        Instant now = clock.now();
        List<ScimJob> due = QuarkusTransaction.requiringNew().call(() -> ScimJob.<ScimJob> list(
                "state in ?1 and (resumeAt is null or resumeAt <= ?2)",
                List.of(ScimJobState.WAITING, ScimJobState.FOLLOWING_LOGS, ScimJobState.SENDING,
                        ScimJobState.PREPARING, ScimJobState.QUEUED),
                now));
        int queued = 0;
        for (ScimJob job : due) {
            Run current = job.runId == null ? null : runs.find(job.runId).orElse(null);
            if (current != null && !current.status.finished()) {
                continue; // its pass is queued or running
            }
            UUID next = UUID.randomUUID();
            boolean moved = QuarkusTransaction.requiringNew().call(() -> {
                ScimJob locked = ScimJob.findById(job.id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
                if (locked.runId != null && !locked.runId.equals(job.runId)) {
                    return false; // another replica queued it meanwhile
                }
                runs.enqueue(new NewRun(next, ScimJobRunner.KIND, ScimJobs.scope(locked), "resume",
                        locked.requestedBy, locked.dryRun));
                locked.runId = next;
                return true;
            });
            if (moved) {
                queued++;
                LOG.infof("job %s: next pass %s queued (%s)", job.id, next, job.waitReason);
            }
        }
        pacer.forgetOldCalls();
        return queued;
    }
}
