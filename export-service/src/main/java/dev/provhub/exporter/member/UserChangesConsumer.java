package dev.provhub.exporter.member;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.provhub.exporter.config.ExportConfig;
import dev.provhub.outbox.InboundUserChange;
import dev.provhub.outbox.UserChangeBatches;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Feeds the member projection from {@code user-changes}, a batch of records at a time in one transaction: each event
 * once (by version); users of origins not on the allow-list are ignored. Unreadable records, and records the
 * projection cannot take, go to the dead-letter topic {@code user-changes-dlq-export-service}.
 */
@ApplicationScoped
public class UserChangesConsumer {

    static final String CONSUMER = "export-service";

    private final UserChangeBatches batches;
    private final MemberProjection projection;
    private final Set<String> origins;
    private final Counter applied;
    private final Counter ignored;

    UserChangesConsumer(UserChangeBatches batches, MemberProjection projection, ExportConfig config,
            MeterRegistry registry) {
        this.batches = batches;
        this.projection = projection;
        this.origins = Set.copyOf(config.origins());
        this.applied = registry.counter("provhub.export.events", "outcome", "applied");
        this.ignored = registry.counter("provhub.export.events", "outcome", "ignored");
    }

    @Incoming("user-changes")
    @Blocking
    void consume(ConsumerRecords<String, String> records) {
        List<InboundUserChange> done = batches.consume(CONSUMER, records,
                changes -> projection.apply(changes.stream().filter(this::wanted).toList()));
        long wanted = done.stream().filter(this::wanted).count();
        applied.increment(wanted);
        ignored.increment(done.size() - wanted);
    }

    private boolean wanted(InboundUserChange change) {
        return origins.contains(change.event().origin());
    }
}
