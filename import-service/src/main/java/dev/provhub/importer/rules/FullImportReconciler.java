package dev.provhub.importer.rules;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.provhub.events.UserChangeType;
import dev.provhub.events.UserChangedEvent;
import dev.provhub.importer.org.Organisation;
import dev.provhub.importer.org.OrganisationDirectory;
import dev.provhub.importer.user.DirectoryUser;
import dev.provhub.importer.user.UserChangePublisher;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The end of a full import (seed 004): users of the organisation's source that the file no longer lists leave the
 * organisation; a user that leaves its last organisation is deactivated at once and moved to the limbo
 * organisation with a purge date.
 */
@ApplicationScoped
public class FullImportReconciler {

    private static final String LEAVERS = """
            from DirectoryUser u
            where :org member of u.orgIds and u.sourceUid = :source and u.deleted = false
              and not exists (select 1 from ImportSeen s where s.runId = :run and s.recordUid = u.recordUid)""";

    private final EntityManager em;
    private final AgroalDataSource dataSource;
    private final UserChangePublisher publisher;
    private final OrganisationDirectory organisations;

    FullImportReconciler(EntityManager em, AgroalDataSource dataSource, UserChangePublisher publisher,
            OrganisationDirectory organisations) {
        this.em = em;
        this.dataSource = dataSource;
        this.publisher = publisher;
        this.organisations = organisations;
    }

    /** Notes RecordUIDs the file lists (the first pass of a full import), in a transaction of their own. */
    public void rememberListed(UUID runId, List<String> recordUids) {
        if (recordUids.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement st = c.prepareStatement(
                            "insert into import_seen (run_id, record_uid) values (?, ?) on conflict do nothing")) {
                for (String uid : recordUids) {
                    st.setObject(1, runId);
                    st.setString(2, uid);
                    st.addBatch();
                }
                st.executeBatch();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Forgets the RecordUIDs of a finished run. */
    public void forgetListed(UUID runId) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("delete from import_seen where run_id = ?1")
                .setParameter(1, runId).executeUpdate());
    }

    /** Users of the organisation's source the file does not list, and all users of that source in it. */
    public record Removal(long leaving, long ofSource) {

        public double share() {
            return ofSource == 0 ? 0 : 100.0 * leaving / ofSource;
        }
    }

    @Transactional
    public Removal plan(ImportContext ctx) {
        Long leaving = em.createQuery("select count(u) " + LEAVERS, Long.class)
                .setParameter("org", ctx.organisation().id)
                .setParameter("source", ctx.settings().sourceUid())
                .setParameter("run", ctx.runId())
                .getSingleResult();
        Long ofSource = em.createQuery("select count(u) from DirectoryUser u where :org member of u.orgIds "
                + "and u.sourceUid = :source and u.deleted = false", Long.class)
                .setParameter("org", ctx.organisation().id)
                .setParameter("source", ctx.settings().sourceUid())
                .getSingleResult();
        return new Removal(leaving, ofSource);
    }

    /** Refuses the run when it would remove more than the organisation's threshold, unless forced. */
    public static void checkThreshold(ImportContext ctx, Removal removal) {
        int threshold = ctx.settings().removalThresholdPercent();
        if (!ctx.options().force() && removal.share() > threshold) {
            throw new FileRejectedException(String.format(java.util.Locale.ROOT,
                    "refused: the file would remove %d of the organisation's %d users from source %s "
                            + "(%.1f %%), more than the threshold of %d %%; run with force=true to apply it",
                    removal.leaving(), removal.ofSource(), ctx.settings().sourceUid(), removal.share(),
                    threshold));
        }
    }

    /**
     * The next {@code limit} leavers' ids. Call again after removing them: a removed user is no longer a member, so
     * it is not returned again (in a dry run too, where the removals are flushed but not committed).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> nextLeavers(ImportContext ctx, int limit) {
        em.flush();
        return em.createQuery("select u.id " + LEAVERS + " order by u.id", UUID.class)
                .setParameter("org", ctx.organisation().id)
                .setParameter("source", ctx.settings().sourceUid())
                .setParameter("run", ctx.runId())
                .setMaxResults(limit)
                .getResultList();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public ImportCounts.Kind remove(ImportContext ctx, UUID userId) {
        DirectoryUser user = em.find(DirectoryUser.class, userId);
        Organisation org = ctx.organisation();
        UserChangedEvent before = publisher.describe(user);
        user.orgIds.remove(org.id);
        user.updatedAt = java.time.Instant.now();
        if (!user.orgIds.isEmpty()) {
            publisher.publish(user, UserChangeType.UPDATED, before);
            return ImportCounts.Kind.REMOVED_FROM_ORG;
        }
        Organisation limbo = organisations.limboFor(org);
        user.orgIds.add(limbo.id);
        user.limbo = true;
        user.active = false;
        user.purgeAt = LocalDate.now().plusDays(ctx.settings().deletionGracePeriod().deletion());
        publisher.publish(user, UserChangeType.DEACTIVATED, before);
        return ImportCounts.Kind.MOVED_TO_LIMBO;
    }
}
