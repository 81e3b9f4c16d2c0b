package dev.provhub.importer.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import dev.provhub.events.UserChangeType;
import dev.provhub.events.UserChangedEvent;
import dev.provhub.importer.user.DirectoryUser;
import dev.provhub.importer.user.UserChangePublisher;
import dev.provhub.importer.user.WriteConflicts;
import dev.provhub.runs.OncePerSchedule;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * Deletes users whose time in limbo is over (their purge date has passed), once per schedule across replicas. A
 * purged user is gone for good: its keys are cleared, so a later import of the same person creates a new user.
 */
@ApplicationScoped
public class LimboPurge {

    private static final Logger LOG = Logger.getLogger(LimboPurge.class);
    private static final int BATCH = 500;
    private static final int MAX_CONFLICTS = 10;

    private final EntityManager em;
    private final UserChangePublisher publisher;
    private final OncePerSchedule once;

    LimboPurge(EntityManager em, UserChangePublisher publisher, OncePerSchedule once) {
        this.em = em;
        this.publisher = publisher;
        this.once = once;
    }

    @Scheduled(cron = "${provhub.import.limbo-purge.cron}", identity = "limbo-purge", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        once.run("limbo-purge", execution.getScheduledFireTime(), () -> {
            purgeDue(LocalDate.now());
            once.forgetOldClaims();
        });
    }

    /**
     * Deletes every user in limbo whose purge date is {@code today} or earlier; returns how many. A batch that lost
     * a race (an import reactivated one of its users meanwhile) is taken again from what is committed now.
     */
    @ActivateRequestContext
    public int purgeDue(LocalDate today) {
        int purged = 0;
        int conflicts = 0;
        while (true) {
            int n;
            try {
                n = QuarkusTransaction.requiringNew().call(() -> {
                    List<UUID> due = em.createQuery("select u.id from DirectoryUser u where u.limbo = true "
                            + "and u.deleted = false and u.purgeAt <= :today order by u.purgeAt", UUID.class)
                            .setParameter("today", today).setMaxResults(BATCH).getResultList();
                    due.forEach(this::purge);
                    return due.size();
                });
            } catch (RuntimeException e) {
                if (!WriteConflicts.isConflict(e) || ++conflicts > MAX_CONFLICTS) {
                    throw e;
                }
                continue;
            }
            purged += n;
            if (n < BATCH) {
                break;
            }
        }
        if (purged > 0) {
            LOG.infof("Purged %d users whose time in limbo was over", purged);
        }
        return purged;
    }

    private void purge(UUID id) {
        DirectoryUser user = em.find(DirectoryUser.class, id);
        UserChangedEvent before = publisher.describe(user);
        user.deleted = true;
        user.deletedAt = Instant.now();
        user.active = false;
        user.limbo = false;
        user.purgeAt = null;
        user.recordUid = null;
        user.orgLoginId = null;
        user.email = null;
        user.orgIds.clear();
        user.updatedAt = user.deletedAt;
        publisher.publish(user, UserChangeType.DELETED, before);
    }
}
