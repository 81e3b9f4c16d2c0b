package dev.provhub.runs;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Runs a scheduled job once per fire time across all replicas, and never twice at once:
 * <ul>
 * <li>every replica's scheduler fires; each tries to insert {@code (job, fire time)} and only the one whose insert
 * lands runs it. Unlike a lock held while the job runs, a replica whose clock is a little late cannot run the same
 * fire time again after the first has finished. Use cron schedules, whose fire times are the same everywhere;</li>
 * <li>the replica that runs the job holds a lease on it, renewed by its heartbeat: a later fire time is skipped by
 * every replica while the job still runs (a folder poll that outlasts its interval does not overlap the next), and
 * taken over once the lease lapses because the replica died.</li>
 * </ul>
 *
 * <pre>
 * &#64;Scheduled(cron = "${provhub.import.folder.cron}", identity = "folder-imports")
 * void poll(ScheduledExecution execution) {
 *     once.run("folder-imports", execution.getScheduledFireTime(), this::pollNow);
 * }
 * </pre>
 */
@ApplicationScoped
public class OncePerSchedule {

    private static final Logger LOG = Logger.getLogger(OncePerSchedule.class);
    private static final Duration KEEP_CLAIMS = Duration.ofDays(30);

    private final ScheduleLeases leases;
    private final RunHeartbeat heartbeat;
    private final MeterRegistry registry;

    OncePerSchedule(ScheduleLeases leases, RunHeartbeat heartbeat, MeterRegistry registry) {
        this.leases = leases;
        this.heartbeat = heartbeat;
        this.registry = registry;
    }

    /**
     * Runs {@code job} for {@code fireTime} here, unless another replica ran that fire time or is still running the
     * job.
     *
     * @return true when it ran here
     */
    public boolean run(String job, Instant fireTime, Runnable work) {
        ScheduleLeases.Claim claim = leases.claim(job, fireTime);
        // every replica counts every fire time it saw: ran here, done by another replica, or skipped as still running
        registry.counter("provhub.schedule.fire.times", "job", job, "outcome", switch (claim) {
            case TAKEN -> "ran";
            case DONE -> "done-elsewhere";
            case BUSY -> "busy";
        }).increment();
        if (claim != ScheduleLeases.Claim.TAKEN) {
            if (claim == ScheduleLeases.Claim.BUSY) {
                LOG.debugf("Scheduled job %s skips %s: it is still running", job, fireTime);
            }
            return false;
        }
        heartbeat.holding(job);
        try {
            work.run();
            return true;
        } finally {
            heartbeat.released(job);
            leases.release(job);
        }
    }

    /** Forgets old fire-time claims; call it from a daily job. */
    public int forgetOldClaims() {
        return leases.forgetBefore(Instant.now().minus(KEEP_CLAIMS));
    }
}
