package dev.provhub.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import dev.provhub.dboutage.DatabaseOutage;
import dev.provhub.dboutage.DatabaseUnavailableException;
import dev.provhub.events.MalformedUserChangeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The one way a service consumes user changes: a batch of records from the topic is applied in one transaction,
 * each change once (by version, {@link IdempotentConsumer#firstDeliveries}), and the offsets are committed after
 * that transaction commits.
 *
 * <pre>
 * &#64;Incoming("user-changes") // mp.messaging.incoming.user-changes.batch=true
 * &#64;Blocking
 * void consume(ConsumerRecords&lt;String, String&gt; records) {
 *     batches.consume("export-service", records, projection::apply);
 * }
 * </pre>
 *
 * A record that is not a readable event, or that the consumer cannot apply although it applies others, goes to the
 * dead-letter topic with the reason ({@link DeadLetters}) and the consumer goes on. A batch that fails because the
 * database cannot be reached is never dead-lettered: it waits for the database ({@link DatabaseOutage}) and is
 * applied again; a database away longer than {@code provhub.database.outage-wait} ends in a thrown failure, the
 * offsets stay, and the records come again.
 */
@ApplicationScoped
public class UserChangeBatches {

    private static final Logger LOG = Logger.getLogger(UserChangeBatches.class);
    private static final int TRANSACTION_SECONDS = 300;

    private final IdempotentConsumer idempotent;
    private final DeadLetters deadLetters;
    private final DatabaseOutage outage;
    private final MeterRegistry registry;

    UserChangeBatches(IdempotentConsumer idempotent, DeadLetters deadLetters, DatabaseOutage outage,
            MeterRegistry registry) {
        this.idempotent = idempotent;
        this.deadLetters = deadLetters;
        this.outage = outage;
        this.registry = registry;
    }

    /** Applies what the consumer gets of a batch: the changes to apply, in the topic's order, in its transaction. */
    @FunctionalInterface
    public interface Applier {
        void apply(List<InboundUserChange> changes);
    }

    /**
     * Applies {@code records} for {@code consumer}: every readable change not applied before, in one transaction.
     *
     * @return the changes applied (committed) by this call, in order
     * @throws DatabaseUnavailableException when the database stays unreachable longer than the outage wait;
     *         nothing of the batch was applied and its offsets must not be committed
     */
    public List<InboundUserChange> consume(String consumer, Iterable<ConsumerRecord<String, String>> records,
            Applier apply) {
        var readable = new ArrayList<Received>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                readable.add(new Received(record, InboundUserChange.from(record)));
            } catch (MalformedUserChangeException e) {
                deadLetter(consumer, record, e.getMessage());
            }
        }
        try {
            return applyWaitingOutOutages(consumer, readable, apply);
        } catch (DatabaseUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warnf("A batch of %d user changes failed for %s (%s); applying them one by one", readable.size(),
                    consumer, e.toString());
            var applied = new ArrayList<InboundUserChange>();
            for (Received one : readable) {
                try {
                    applied.addAll(applyWaitingOutOutages(consumer, List.of(one), apply));
                } catch (DatabaseUnavailableException unavailable) {
                    // not this record's fault: stop here, the records come again once the database is back
                    throw unavailable;
                } catch (RuntimeException single) {
                    deadLetter(consumer, one.record(), "could not be applied: " + single);
                }
            }
            return applied;
        }
    }

    /**
     * Applies the changes in one transaction; while the database cannot be reached, waits for it and applies them
     * again (nothing was committed).
     *
     * @throws DatabaseUnavailableException when the database stays away longer than the outage wait
     */
    private List<InboundUserChange> applyWaitingOutOutages(String consumer, List<Received> received,
            Applier apply) {
        while (true) {
            try {
                return applyInOneTransaction(consumer, received, apply);
            } catch (RuntimeException e) {
                if (!outage.waitedOut(e)) {
                    throw e;
                }
                LOG.warnf("Applying %d user changes for %s again: the database was unreachable", received.size(),
                        consumer);
            }
        }
    }

    private List<InboundUserChange> applyInOneTransaction(String consumer, List<Received> received,
            Applier apply) {
        if (received.isEmpty()) {
            return List.of();
        }
        List<InboundUserChange> applied = QuarkusTransaction.requiringNew().timeout(TRANSACTION_SECONDS).call(() -> {
            List<InboundUserChange> fresh = idempotent.firstDeliveries(consumer,
                    received.stream().map(Received::change).toList());
            if (!fresh.isEmpty()) {
                apply.apply(fresh);
            }
            return fresh;
        });
        Timer latency = Timer.builder("provhub.consumer.latency")
                .description("From writing a change to its producer's outbox to this consumer applying it")
                .tag("consumer", consumer).publishPercentiles(0.5, 0.99).register(registry);
        Instant now = Instant.now();
        for (InboundUserChange change : applied) {
            latency.record(Duration.between(change.attributes().time(), now));
        }
        return applied;
    }

    private void deadLetter(String consumer, ConsumerRecord<String, String> record, String reason) {
        LOG.warnf("%s cannot apply %s-%d@%d and moves it to the dead-letter topic: %s", consumer, record.topic(),
                record.partition(), record.offset(), reason);
        deadLetters.send(consumer, record, reason);
        registry.counter("provhub.consumer.dead.letters", "consumer", consumer).increment();
    }

    private record Received(ConsumerRecord<String, String> record, InboundUserChange change) {
    }
}
