package dev.provhub.sync.profile;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import dev.provhub.runs.OncePerSchedule;
import dev.provhub.sync.run.SyncRuns;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;

/**
 * Schedules every profile that has a cron. Each fire time runs once across replicas ({@link OncePerSchedule}): the
 * replica that claims it queues the profile's run (unless one of the profile is queued or running), and the first
 * free replica runs it, after any other sync.
 */
@ApplicationScoped
public class ProfileSchedules {

    private static final Logger LOG = Logger.getLogger(ProfileSchedules.class);

    private final SyncProfiles profiles;
    private final SyncRuns runs;
    private final OncePerSchedule once;
    private final Scheduler scheduler;

    ProfileSchedules(SyncProfiles profiles, SyncRuns runs, OncePerSchedule once, Scheduler scheduler) {
        this.profiles = profiles;
        this.runs = runs;
        this.once = once;
        this.scheduler = scheduler;
    }

    void schedule(@Observes StartupEvent startup) {
        boolean enabled = ConfigProvider.getConfig().getOptionalValue("quarkus.scheduler.enabled", Boolean.class)
                .orElse(true);
        if (!enabled) {
            return;
        }
        for (SyncProfiles.Profile profile : profiles.all()) {
            profile.cron().ifPresent(cron -> {
                scheduler.newJob(job(profile)).setCron(cron).setTask(execution -> fire(profile,
                        execution.getScheduledFireTime())).schedule();
                LOG.infof("Profile %s runs at %s", profile.name(), cron);
            });
        }
    }

    /**
     * One fire time of a profile's schedule, as every replica's scheduler calls it: only the first replica to claim
     * the fire time queues the run.
     *
     * @return whether this call claimed the fire time
     */
    public boolean fire(SyncProfiles.Profile profile, Instant fireTime) {
        return once.run(job(profile), fireTime, () -> queue(profile));
    }

    private static String job(SyncProfiles.Profile profile) {
        return "sync-profile-" + profile.name();
    }

    private void queue(SyncProfiles.Profile profile) {
        if (!runs.enqueueProfileUnlessActive(profile.options(), profile.name(), "schedule")) {
            LOG.infof("Profile %s: a run of it is queued or running; this fire time is skipped", profile.name());
        }
    }
}
