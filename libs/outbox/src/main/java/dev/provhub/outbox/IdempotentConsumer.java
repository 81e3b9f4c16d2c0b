package dev.provhub.outbox;

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

    /** As {@link #firstDelivery(String, InboundUserChange)}, for any keyed, versioned message. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, String key, long version, java.util.UUID eventId) {
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
