package dev.provhub.scim.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.events.UserChangeType;
import dev.provhub.events.UserChangedEvent;
import dev.provhub.outbox.InboundUserChange;
import dev.provhub.outbox.UserChangeBatches;
import dev.provhub.runs.OncePerSchedule;
import dev.provhub.scim.bulk.MappedRecord;
import dev.provhub.scim.bulk.MappingInvalidException;
import dev.provhub.scim.bulk.RecordMapper;
import dev.provhub.scim.bulk.RecordRejectedException;
import dev.provhub.scim.config.ScimConfig;
import dev.provhub.scim.mapping.CompiledMapping;
import dev.provhub.scim.mapping.MappingCompiler;
import dev.provhub.scim.mapping.MappingDocument;
import dev.provhub.scim.run.ScimJobs;
import dev.provhub.scim.sending.ScimClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * user-change events as a source: each change of a user of an allowed origin is mapped (the mapping's columns are
 * the event's fields) and kept as the latest record of its externalId, pending; a deleted or deactivated user is sent
 * with {@code active: false} (the API has no delete). Every flush interval, or as soon as a request's worth (50) is
 * pending, the pending records become a SCIM job of source {@code events}: the same change detection, pacing and
 * logs follow-up as a CSV job.
 */
@ApplicationScoped
public class EventSource {

    static final String CONSUMER = "scim-service";
    private static final Logger LOG = Logger.getLogger(EventSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UserChangeBatches batches;
    private final EntityManager em;
    private final ScimConfig config;
    private final ScimJobs jobs;
    private final OncePerSchedule once;
    private final ScimClock clock;
    private final MeterRegistry registry;
    private final Set<String> origins;
    private volatile Compiled compiled;

    private record Compiled(EventColumns columns, CompiledMapping mapping) {
    }

    EventSource(UserChangeBatches batches, EntityManager em, ScimConfig config, ScimJobs jobs, OncePerSchedule once,
            ScimClock clock, MeterRegistry registry) {
        this.batches = batches;
        this.em = em;
        this.config = config;
        this.jobs = jobs;
        this.once = once;
        this.clock = clock;
        this.registry = registry;
        this.origins = Set.copyOf(config.events().origins());
    }

    /** The target events are sent to: the configured service principal and job. */
    private String target() {
        return config.target().servicePrincipalId().orElse("none") + "/" + config.target().jobId().orElse("");
    }

    @Incoming("user-changes")
    @Blocking
    void consume(ConsumerRecords<String, String> records) {
        batches.consume(CONSUMER, records, changes -> {
            for (InboundUserChange change : changes) {
                if (origins.contains(change.event().origin())) {
                    keep(change.event());
                } else {
                    registry.counter("provhub.scim.events", "outcome", "ignored").increment();
                }
            }
        });
    }

    /** Maps one event and keeps it as the pending record of its externalId (in the consumer's transaction). */
    void keep(UserChangedEvent event) {
        Compiled mapping = mapping();
        MappedRecord record;
        try {
            record = new RecordMapper(mapping.mapping()).map(event.version(), mapping.columns().row(event));
        } catch (RecordRejectedException e) {
            LOG.warnf("user %s (%s) is not sent: %s", event.id(), event.type().wireName(), e.getMessage());
            registry.counter("provhub.scim.events", "outcome", "refused").increment();
            return;
        }
        if (!event.active() || event.type() == UserChangeType.DELETED || event.type() == UserChangeType.DEACTIVATED) {
            record = inactive(record);
        }
        em.createNativeQuery("""
                insert into scim_event_record (target, external_id, bulk_id, hash, data, user_id, pending, changed_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, true, ?7)
                on conflict (target, external_id) do update set bulk_id = excluded.bulk_id, hash = excluded.hash,
                    data = excluded.data, user_id = excluded.user_id, pending = true,
                    changed_at = case when scim_event_record.pending
                        then least(scim_event_record.changed_at, excluded.changed_at) else excluded.changed_at end
                """).setParameter(1, target()).setParameter(2, record.externalId()).setParameter(3, record.bulkId())
                .setParameter(4, record.hash()).setParameter(5, record.data()).setParameter(6, event.id())
                .setParameter(7, Timestamp.from(clock.now())).executeUpdate();
        registry.counter("provhub.scim.events", "outcome", "kept").increment();
    }

    private static MappedRecord inactive(MappedRecord record) {
        try {
            ObjectNode data = (ObjectNode) JSON.readTree(record.data());
            data.put("active", false);
            String json = JSON.writeValueAsString(data);
            return new MappedRecord(record.line(), record.externalId(), record.bulkId(), json,
                    dev.provhub.scim.run.JobRecords.sha256Of(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Scheduled(every = "${provhub.scim.events.flush-check}", identity = "scim-events-flush", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        if (config.events().enabled()) {
            once.run("scim-events-flush", execution.getScheduledFireTime(), this::flush);
        }
    }

    /**
     * Turns pending records into a SCIM job when a request's worth is pending or the oldest has waited the flush
     * interval; returns the job's id, or null.
     */
    public UUID flush() {
        Instant now = clock.now();
        Object[] pending = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "select count(*), min(changed_at) from scim_event_record where target = ?1 and pending")
                .setParameter(1, target()).getSingleResult());
        long count = ((Number) pending[0]).longValue();
        if (count == 0) {
            return null;
        }
        Instant oldest = dev.provhub.scim.sending.Pacer.instant(pending[1]);
        if (count < config.events().batchSize() && Duration.between(oldest, now).compareTo(config.events()
                .flushInterval()) < 0) {
            return null;
        }
        return jobs.submitEvents(target(), config.target().servicePrincipalId().orElse(null),
                config.target().jobId().orElse(null), config.events().namespace().orElse(null));
    }

    private Compiled mapping() {
        Compiled current = compiled;
        if (current != null) {
            return current;
        }
        MappingDocument document;
        try {
            if (config.events().mapping().isPresent()) {
                Path file = Path.of(config.events().mapping().get());
                document = MappingDocument.read(file.getFileName().toString(), Files.readAllBytes(file),
                        config.mappingMaxBytes());
            } else {
                try (InputStream in = EventSource.class.getResourceAsStream("/default-event-mapping.psd1")) {
                    document = MappingDocument.read("default-event-mapping.psd1", in.readAllBytes(),
                            config.mappingMaxBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var columns = new EventColumns();
        MappingCompiler.Result result = MappingCompiler.standard().compile(document, columns, columns.names(),
                config.events().namespace().orElse(null));
        if (!result.valid()) {
            throw new MappingInvalidException(result.issues());
        }
        compiled = new Compiled(columns, result.mapping());
        return compiled;
    }

}
