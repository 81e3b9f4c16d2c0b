package dev.provhub.outbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Lets a consumer apply each user change once, however often it is delivered. It remembers, per consumer and
 * key, the newest version applied, in the consumer's own transaction: when the consumer's change commits, so does
 * the memory of having applied it; when it rolls back, the event will be applied on redelivery.
 *
 * <pre>
 * &#64;Incoming("user-changes")
 * &#64;Blocking
 * &#64;Transactional
 * void consume(ConsumerRecord&lt;String, String&gt; record) {
 *     InboundUserChange change = InboundUserChange.from(record);
 *     if (consumer.firstDelivery("export-service", change)) {
 *         projection.apply(change.event());
 *     }
 * }
 * </pre>
 *
 * The Kafka offset is committed after the method returns, that is after the transaction commits.
 */
@ApplicationScoped
public class IdempotentConsumer {

    /** The event id of a user's row before any of its changes was applied (version 0). */
    private static final UUID NOTHING_APPLIED = new UUID(0, 0);

    private final EntityManager entityManager;

    IdempotentConsumer(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Records that {@code consumer} applies {@code change}, if its version is newer than any it applied for the same
     * user. Concurrent calls for one user wait for each other (row lock) until their transactions end.
     *
     * @return true if the change must be applied now; false for a duplicate or an older version
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, InboundUserChange change) {
        return firstDelivery(consumer, change.event().key(), change.event().version(), change.attributes().id());
    }

    /**
     * The changes of a batch that {@code consumer} must apply, in their order: each one whose version is newer than
     * any applied (or earlier in the batch) for its user. Three statements whatever the batch's size: one makes sure
     * every user of the batch has a row, one reads what was applied for them (locking those rows until the
     * transaction ends), one records the newest.
     * <p>
     * The first statement is what makes two consumers of one group safe while the group moves partitions between
     * them: both may hold the same never-seen user's first change at once, and a row lock cannot be taken on a row
     * that does not exist yet. The second transaction to insert the user's row waits for the first to end and then
     * reads the version it committed, so the change is applied once.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<InboundUserChange> firstDeliveries(String consumer, List<InboundUserChange> changes) {
        if (changes.isEmpty()) {
            return List.of();
        }
        Map<String, Long> applied = new HashMap<>();
        // sorted: two batches lock their common users in the same order and never deadlock
        String[] keys = changes.stream().map(c -> c.event().key()).distinct().sorted().toArray(String[]::new);
        entityManager.createNativeQuery("""
                insert into consumed_version (consumer, message_key, version, event_id, consumed_at)
                select ?1, k, 0, cast(?3 as uuid), now() from unnest(cast(?2 as text[])) with ordinality as t(k, n)
                order by n
                on conflict (consumer, message_key) do nothing""")
                .setParameter(1, consumer).setParameter(2, keys).setParameter(3, NOTHING_APPLIED)
                .executeUpdate();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select message_key, version from consumed_version "
                + "where consumer = ?1 and message_key = any (cast(?2 as text[])) order by message_key for update")
                .setParameter(1, consumer).setParameter(2, keys).getResultList();
        rows.forEach(row -> applied.put((String) row[0], ((Number) row[1]).longValue()));
        var fresh = new ArrayList<InboundUserChange>();
        Map<String, InboundUserChange> newest = new LinkedHashMap<>();
        for (InboundUserChange change : changes) {
            String key = change.event().key();
            if (change.event().version() > applied.getOrDefault(key, 0L)) {
                applied.put(key, change.event().version());
                fresh.add(change);
                newest.put(key, change);
            }
        }
        if (!newest.isEmpty()) {
            entityManager.createNativeQuery("""
                    insert into consumed_version (consumer, message_key, version, event_id, consumed_at)
                    select ?1, k, v, e, now()
                    from unnest(cast(?2 as text[]), cast(?3 as bigint[]), cast(?4 as uuid[])) as t(k, v, e)
                    on conflict (consumer, message_key) do update
                        set version = excluded.version, event_id = excluded.event_id, consumed_at = excluded.consumed_at
                        where consumed_version.version < excluded.version""")
                    .setParameter(1, consumer)
                    .setParameter(2, newest.keySet().toArray(String[]::new))
                    .setParameter(3, newest.values().stream().map(c -> c.event().version()).toArray(Long[]::new))
                    .setParameter(4, newest.values().stream().map(c -> c.attributes().id()).toArray(UUID[]::new))
                    .executeUpdate();
        }
        return fresh;
    }

    /** As {@link #firstDelivery(String, InboundUserChange)}, for any keyed, versioned message. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, String key, long version, UUID eventId) {
        int changed = entityManager.createNativeQuery("""
                insert into consumed_version (consumer, message_key, version, event_id, consumed_at)
                values (?1, ?2, ?3, ?4, now())
                on conflict (consumer, message_key) do update
                    set version = excluded.version, event_id = excluded.event_id, consumed_at = excluded.consumed_at
                    where consumed_version.version < excluded.version""")
                .setParameter(1, consumer)
                .setParameter(2, key)
                .setParameter(3, version)
                .setParameter(4, eventId)
                .executeUpdate();
        return changed == 1;
    }
}
