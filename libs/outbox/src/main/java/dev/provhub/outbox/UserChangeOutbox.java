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
        var row = new OutboxEvent();
        row.id = attributes.id();
        row.topic = config.topic();
        row.messageKey = event.key();
        row.bucket = OutboxBuckets.of(row.messageKey);
        row.eventType = attributes.type();
        row.ceSource = attributes.source();
        row.ceSubject = attributes.subject();
        row.ceTime = attributes.time();
        row.payload = UserChangedEventJson.write(event);
        row.createdAt = now;
        entityManager.persist(row);
        wakeRelayAfterCommit();
        return row.id;
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
