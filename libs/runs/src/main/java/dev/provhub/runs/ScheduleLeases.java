package dev.provhub.runs;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.quarkus.narayana.jta.QuarkusTransaction;

/** The database side of {@link OncePerSchedule}: fire-time claims and the lease of a running job. */
@ApplicationScoped
class ScheduleLeases {

    private final EntityManager em;
    private final RunInstance instance;
    private final RunsConfig config;

    ScheduleLeases(EntityManager em, RunInstance instance, RunsConfig config) {
        this.em = em;
        this.instance = instance;
        this.config = config;
    }

    /** What became of an attempt to take a job's fire time. */
    enum Claim {
        /** This process runs the fire time and holds the job's lease. */
        TAKEN,
        /** Another process runs the job right now (its lease holds). */
        BUSY,
        /** Another process already ran this fire time. */
        DONE
    }

    /**
     * In one transaction: takes the job's lease if no live process holds it, then the fire time if no process
     * has run it; gives the lease back when the fire time was already run.
     */
    Claim claim(String job, Instant fireTime) {
        Instant fire = fireTime.truncatedTo(ChronoUnit.SECONDS);
        return QuarkusTransaction.requiringNew().call(() -> {
            int leased = em.createNativeQuery("""
                    insert into scheduled_job_lease (job, owner, fire_time, lease_until)
                    values (?1, ?2, ?3, now() + make_interval(secs => ?4))
                    on conflict (job) do update set owner = excluded.owner, fire_time = excluded.fire_time,
                        lease_until = excluded.lease_until
                    where scheduled_job_lease.lease_until < now()""")
                    .setParameter(1, job).setParameter(2, instance.id()).setParameter(3, fire)
                    .setParameter(4, leaseSeconds()).executeUpdate();
            if (leased == 0) {
                return Claim.BUSY;
            }
            int claimed = em.createNativeQuery("insert into scheduled_job_run (job, fire_time, instance) "
                    + "values (?1, ?2, ?3) on conflict do nothing")
                    .setParameter(1, job).setParameter(2, fire).setParameter(3, instance.id()).executeUpdate();
            if (claimed == 0) {
                release(job);
                return Claim.DONE;
            }
            return Claim.TAKEN;
        });
    }

    /** Keeps this process's lease of {@code job} alive. */
    void renew(String job) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update scheduled_job_lease "
                + "set lease_until = now() + make_interval(secs => ?3) where job = ?1 and owner = ?2")
                .setParameter(1, job).setParameter(2, instance.id()).setParameter(3, leaseSeconds())
                .executeUpdate());
    }

    /** Gives this process's lease of {@code job} back, so the next fire time may run at once. */
    void release(String job) {
        QuarkusTransaction.joiningExisting().run(() -> em.createNativeQuery(
                "delete from scheduled_job_lease where job = ?1 and owner = ?2")
                .setParameter(1, job).setParameter(2, instance.id()).executeUpdate());
    }

    /** Forgets fire-time claims older than {@code cutoff}; they only matter while replicas may still fire them. */
    int forgetBefore(Instant cutoff) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "delete from scheduled_job_run where fire_time < ?1").setParameter(1, cutoff).executeUpdate());
    }

    private double leaseSeconds() {
        return (double) config.staleAfter().toMillis() / 1000;
    }
}
