package dev.provhub.outbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Lets exactly one replica run a scheduled job per fire time: every replica's scheduler fires, each tries to insert
 * {@code (job, fire time)}, and only the one whose insert lands runs the job. Unlike a lock held while the job runs,
 * a replica whose clock is a little late cannot run the same fire time again after the first one has finished.
 * Use it with cron schedules, whose fire times are the same on every replica.
 */
@ApplicationScoped
public class OncePerSchedule {

    private final EntityManager em;
    private final String instance;

    OncePerSchedule(EntityManager em, @ConfigProperty(name = "HOSTNAME", defaultValue = "local") String instance) {
        this.em = em;
        this.instance = instance;
    }

    /** True when this replica got {@code fireTime} of {@code job} and must run it. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean claim(String job, Instant fireTime) {
        int inserted = em.createNativeQuery("insert into scheduled_job_run (job, fire_time, instance) "
                + "values (?1, ?2, ?3) on conflict do nothing")
                .setParameter(1, job)
                .setParameter(2, fireTime.truncatedTo(ChronoUnit.SECONDS))
                .setParameter(3, instance)
                .executeUpdate();
        return inserted == 1;
    }

    /** Forgets claims older than {@code cutoff}; they only matter while replicas may still fire them. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int forgetBefore(Instant cutoff) {
        return em.createNativeQuery("delete from scheduled_job_run where fire_time < ?1").setParameter(1, cutoff)
                .executeUpdate();
    }
}
