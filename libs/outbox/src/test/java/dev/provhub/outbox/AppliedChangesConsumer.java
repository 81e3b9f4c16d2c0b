package dev.provhub.outbox;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

/** A consumer written the way services write theirs: a batch parsed, deduplicated and applied in one transaction. */
@ApplicationScoped
public class AppliedChangesConsumer {

    static final String NAME = "outbox-test";

    private final UserChangeBatches batches;
    private final EntityManager entityManager;

    AppliedChangesConsumer(UserChangeBatches batches, EntityManager entityManager) {
        this.batches = batches;
        this.entityManager = entityManager;
    }

    @Incoming("applied")
    @Blocking
    void consume(ConsumerRecords<String, String> records) {
        batches.consume(NAME, records, this::apply);
    }

    private void apply(List<InboundUserChange> changes) {
        for (InboundUserChange change : changes) {
            entityManager.createNativeQuery(
                    "insert into test_applied (message_key, version, event_id) values (?1, ?2, ?3)")
                    .setParameter(1, change.event().key())
                    .setParameter(2, change.event().version())
                    .setParameter(3, change.attributes().id())
                    .executeUpdate();
        }
    }
}
