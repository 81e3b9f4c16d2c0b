package dev.provhub.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import dev.provhub.events.CloudEventAttributes;
import dev.provhub.events.UserChangedEvent;
import dev.provhub.events.UserChangedEventJson;

/**
 * The one way a service publishes a user change: it adds the event to its {@code outbox_event} table inside the
 * transaction that makes the change, so the event exists exactly when the change does. The {@link OutboxRelay}
 * publishes it to Kafka after the commit.
 */
@ApplicationScoped
public class UserChangeOutbox {

    private final EntityManager entityManager;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxConfig config;
    private final OutboxRelay relay;
    private final Clock clock;

    UserChangeOutbox(EntityManager entityManager, TransactionSynchronizationRegistry transactions,
            OutboxConfig config, OutboxRelay relay) {
        this.entityManager = entityManager;
        this.transactions = transactions;
        this.config = config;
        this.relay = relay;
        this.clock = Clock.systemUTC();
    }

    /**
     * Adds {@code event} to the outbox in the caller's transaction (there must be one).
     *
     * @return the event id ({@code ce_id}) it will be published with
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(UserChangedEvent event) {
        Instant now = clock.instant();
        CloudEventAttributes attributes = CloudEventAttributes.forEvent(UUID.randomUUID(), event, now);
        // a plain insert, not persist(): an identity insert through Hibernate would first flush everything the
        // caller's transaction has queued, which defeats JDBC batching of the caller's own writes
        entityManager.createNativeQuery("insert into outbox_event (id, topic, message_key, bucket, event_type, "
                + "ce_source, ce_subject, ce_time, payload, created_at) "
                + "values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
                .setParameter(1, attributes.id())
                .setParameter(2, config.topic())
                .setParameter(3, event.key())
                .setParameter(4, OutboxBuckets.of(event.key()))
                .setParameter(5, attributes.type())
                .setParameter(6, attributes.source())
                .setParameter(7, attributes.subject())
                .setParameter(8, attributes.time())
                .setParameter(9, UserChangedEventJson.write(event))
                .setParameter(10, now)
                .executeUpdate();
        wakeRelayAfterCommit();
        return attributes.id();
    }

    private void wakeRelayAfterCommit() {
        if (transactions.getResource(OutboxRelay.class) != null) {
            return;
        }
        transactions.putResource(OutboxRelay.class, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wakeUp();
                }
            }
        });
    }
}
