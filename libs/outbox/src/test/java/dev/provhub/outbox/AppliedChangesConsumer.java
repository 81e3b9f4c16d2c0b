package dev.provhub.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

/** A consumer written the way services write theirs: parse, deduplicate, apply, all in one transaction. */
@ApplicationScoped
public class AppliedChangesConsumer {

    static final String NAME = "outbox-test";

    private final IdempotentConsumer idempotent;
    private final EntityManager entityManager;

    AppliedChangesConsumer(IdempotentConsumer idempotent, EntityManager entityManager) {
        this.idempotent = idempotent;
        this.entityManager = entityManager;
    }

    @Incoming("applied")
    @Blocking
    @Transactional
    void consume(ConsumerRecord<String, String> record) {
        InboundUserChange change = InboundUserChange.from(record);
        if (idempotent.firstDelivery(NAME, change)) {
            entityManager.createNativeQuery(
                    "insert into test_applied (message_key, version, event_id) values (?1, ?2, ?3)")
                    .setParameter(1, change.event().key())
                    .setParameter(2, change.event().version())
                    .setParameter(3, change.attributes().id())
                    .executeUpdate();
        }
    }
}
