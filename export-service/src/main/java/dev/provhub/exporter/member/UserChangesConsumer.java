package dev.provhub.exporter.member;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.provhub.exporter.config.ExportConfig;
import dev.provhub.outbox.IdempotentConsumer;
import dev.provhub.outbox.InboundUserChange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Feeds the member projection from {@code user-changes}: each event once (by version), in the same transaction as
 * the projection's change; users of origins not on the allow-list are ignored. Unreadable records go to the
 * dead-letter topic.
 */
@ApplicationScoped
public class UserChangesConsumer {

    static final String CONSUMER = "export-service";

    private final IdempotentConsumer idempotent;
    private final MemberProjection projection;
    private final Set<String> origins;
    private final Counter applied;
    private final Counter ignored;

    UserChangesConsumer(IdempotentConsumer idempotent, MemberProjection projection, ExportConfig config,
            MeterRegistry registry) {
        this.idempotent = idempotent;
        this.projection = projection;
        this.origins = Set.copyOf(config.origins());
        this.applied = registry.counter("provhub.export.events", "outcome", "applied");
        this.ignored = registry.counter("provhub.export.events", "outcome", "ignored");
    }

    @Incoming("user-changes")
    @Blocking
    @Transactional
    void consume(ConsumerRecord<String, String> record) {
        InboundUserChange change = InboundUserChange.from(record);
        if (!idempotent.firstDelivery(CONSUMER, change)) {
            return;
        }
        if (origins.contains(change.event().origin())) {
            projection.apply(change.event());
            applied.increment();
        } else {
            ignored.increment();
        }
    }
}
