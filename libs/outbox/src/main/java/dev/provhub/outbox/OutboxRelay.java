package dev.provhub.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import dev.provhub.events.CloudEventAttributes;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Publishes unsent outbox rows to Kafka and marks them sent once the broker has acknowledged them.
 * <p>
 * A relay worker locks a few bucket rows ({@code FOR UPDATE SKIP LOCKED}), sends their oldest unsent events (each
 * bucket's in the order they were written), waits for the acknowledgements and marks the acknowledged prefix sent, all in one
 * transaction. Replicas and workers therefore share the buckets but never send events of one key concurrently, so
 * per-key order holds. If the process dies after sending and before the commit, the rows stay unsent and are sent
 * again: the topic may hold duplicates, never gaps, and consumers drop duplicates by version.
 * <p>
 * While Kafka cannot be reached the relay backs off exponentially; producers keep writing to the outbox.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration BACKLOG_REFRESH = Duration.ofSeconds(1);
    private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(10);

    private final OutboxConfig config;
    private final AgroalDataSource dataSource;
    private final MeterRegistry registry;
    private final AtomicLong backlog = new AtomicLong();
    // registered when the relay starts, so an instance that publishes nothing shows no relay metrics
    private Timer publishLatency;
    private Counter published;
    private Counter publishFailures;
    private final Object signal = new Object();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;
    private boolean workPending;
    private volatile Instant backlogRefreshedAt = Instant.EPOCH;
    private volatile Instant cleanedAt = Instant.EPOCH;

    OutboxRelay(OutboxConfig config, AgroalDataSource dataSource, MeterRegistry registry) {
        this.config = config;
        this.dataSource = dataSource;
        this.registry = registry;
    }

    void start(@Observes StartupEvent startup) {
        // a service that only consumes events has no outbox to watch: no query, no gauge, no thread
        if (!config.relay().enabled()) {
            LOG.info("Outbox relay is disabled in this instance");
            return;
        }
        Gauge.builder("provhub.outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox events not yet acknowledged by Kafka")
                .register(registry);
        publishLatency = Timer.builder("provhub.outbox.publish.latency")
                .description("Time from writing an event to the outbox to Kafka acknowledging it")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
        published = Counter.builder("provhub.outbox.published")
                .description("Outbox events acknowledged by Kafka").register(registry);
        publishFailures = Counter.builder("provhub.outbox.publish.failures")
                .description("Relay attempts that failed to publish (Kafka unreachable, database error)")
                .register(registry);
        refreshBacklog();
        running = true;
        for (int i = 1; i <= Math.max(1, config.relay().workers()); i++) {
            Thread worker = new Thread(new Worker(i), "outbox-relay-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        wakeUp();
        long waitMillis = config.relay().sendTimeout().toMillis() + 5_000;
        for (Thread worker : workers) {
            try {
                worker.join(waitMillis);
                if (worker.isAlive()) {
                    worker.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Called after a producer's transaction commits, so its events go out without waiting for the next poll. */
    public void wakeUp() {
        synchronized (signal) {
            workPending = true;
            signal.notifyAll();
        }
    }

    /** Unsent events, as last counted (at most a second ago while the relay runs). */
    public long backlog() {
        return backlog.get();
    }

    /** Counts unsent events now. */
    public long refreshBacklog() {
        long count = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement st = c.prepareStatement(
                            "select count(*) from outbox_event where sent_at is null");
                    ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        backlog.set(count);
        backlogRefreshedAt = Instant.now();
        return count;
    }

    private void waitForWork() throws InterruptedException {
        synchronized (signal) {
            if (!workPending && running) {
                signal.wait(config.relay().pollInterval().toMillis());
            }
            workPending = false;
        }
    }

    private void housekeeping() {
        Instant now = Instant.now();
        if (now.isAfter(backlogRefreshedAt.plus(BACKLOG_REFRESH))) {
            refreshBacklog();
        }
        if (now.isAfter(cleanedAt.plus(CLEANUP_INTERVAL))) {
            cleanedAt = now;
            deleteSentBefore(now.minus(config.retention()));
        }
    }

    private void deleteSentBefore(Instant cutoff) {
        int deleted = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement st = c.prepareStatement("delete from outbox_event where seq in "
                            + "(select seq from outbox_event where sent_at < ? limit 10000)")) {
                st.setTimestamp(1, Timestamp.from(cutoff));
                return st.executeUpdate();
            }
        });
        if (deleted > 0) {
            LOG.debugf("Deleted %d outbox events sent before %s", deleted, cutoff);
        }
    }

    private KafkaProducer<String, String> newProducer(int worker) {
        long sendTimeout = config.relay().sendTimeout().toMillis();
        Map<String, Object> props = new HashMap<>(config.kafka().producer());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "provhub-outbox-relay-" + worker);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, sendTimeout);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(500, sendTimeout / 2));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) sendTimeout);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** One relay thread with its own producer. */
    private final class Worker implements Runnable {

        private final int number;
        private KafkaProducer<String, String> producer;
        private Duration backoff = Duration.ZERO;

        Worker(int number) {
            this.number = number;
        }

        @Override
        public void run() {
            try {
                while (running) {
                    BatchResult result;
                    try {
                        result = relayBuckets();
                        housekeeping();
                    } catch (RuntimeException e) {
                        result = BatchResult.failed(e);
                    }
                    if (result.error() != null) {
                        backOff(result.error());
                    } else {
                        backoff = Duration.ZERO;
                        if (result.sent() == 0) {
                            waitForWork();
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeProducer();
            }
        }

        private void backOff(Throwable error) throws InterruptedException {
            publishFailures.increment();
            backoff = backoff.isZero() ? config.relay().backoffInitial()
                    : min(backoff.multipliedBy(2), config.relay().backoffMax());
            LOG.warnf("Outbox relay %d could not publish (%s); retrying in %d ms", number, describe(error),
                    backoff.toMillis());
            // a producer that timed out may hold expired state; start the next attempt with a fresh one
            closeProducer();
            synchronized (signal) {
                if (running) {
                    signal.wait(backoff.toMillis());
                }
            }
        }

        private BatchResult relayBuckets() {
            int timeoutSeconds = (int) (config.relay().sendTimeout().toSeconds() * 2 + 30);
            return QuarkusTransaction.requiringNew().timeout(timeoutSeconds).call(() -> {
                try (Connection c = dataSource.getConnection()) {
                    Short[] buckets = lockBucketsWithUnsentEvents(c);
                    if (buckets.length == 0) {
                        return BatchResult.IDLE;
                    }
                    List<Row> rows = unsentEvents(c, buckets);
                    SendOutcome outcome = send(rows);
                    markSent(c, rows.subList(0, outcome.acknowledged()));
                    if (outcome.error() != null) {
                        recordAttempt(c, rows.get(outcome.acknowledged()), outcome.error());
                    }
                    try (PreparedStatement st = c.prepareStatement(
                            "update outbox_bucket set relayed_at = now() where bucket = any (?)")) {
                        st.setArray(1, c.createArrayOf("smallint", buckets));
                        st.executeUpdate();
                    }
                    return new BatchResult(outcome.acknowledged(), outcome.error());
                }
            });
        }

        /**
         * Locks up to {@code buckets-per-batch} buckets that have unsent events, least recently relayed first: one
         * round of the relay then sends several buckets' events, and no other relay touches those keys meanwhile.
         */
        private Short[] lockBucketsWithUnsentEvents(Connection c) throws SQLException {
            try (PreparedStatement st = c.prepareStatement("""
                    select b.bucket from outbox_bucket b
                    where exists (select 1 from outbox_event e where e.bucket = b.bucket and e.sent_at is null)
                    order by b.relayed_at nulls first, b.bucket
                    limit ?
                    for update of b skip locked""")) {
                st.setInt(1, Math.max(1, config.relay().bucketsPerBatch()));
                try (ResultSet rs = st.executeQuery()) {
                    var buckets = new ArrayList<Short>();
                    while (rs.next()) {
                        buckets.add(rs.getShort(1));
                    }
                    return buckets.toArray(Short[]::new);
                }
            }
        }

        /**
         * The oldest unsent events of each bucket, in order within the bucket (which is all the per-key order needs),
         * a share of the batch size per bucket. Each bucket is read along its index, so a round costs the same
         * whether ten events wait or a million: one query ordering all the buckets' unsent rows together had to
         * read and sort every waiting row, and fell further behind the more of them there were.
         */
        private List<Row> unsentEvents(Connection c, Short[] buckets) throws SQLException {
            try (PreparedStatement st = c.prepareStatement("""
                    select e.seq, e.id, e.topic, e.message_key, e.event_type, e.ce_source, e.ce_subject, e.ce_time,
                           e.payload, e.created_at
                    from unnest(?::smallint[]) as b(bucket)
                    cross join lateral (
                        select * from outbox_event u
                        where u.bucket = b.bucket and u.sent_at is null
                        order by u.seq
                        limit ?) e""")) {
                st.setArray(1, c.createArrayOf("smallint", buckets));
                int batchSize = config.relay().batchSize();
                st.setInt(2, Math.max(1, (batchSize + buckets.length - 1) / buckets.length));
                try (ResultSet rs = st.executeQuery()) {
                    var rows = new ArrayList<Row>();
                    while (rs.next()) {
                        rows.add(new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                                rs.getTimestamp(8).toInstant(), rs.getString(9), rs.getTimestamp(10).toInstant()));
                    }
                    return rows;
                }
            }
        }

        /** Sends the rows in order and returns how many, from the first, the broker acknowledged. */
        private SendOutcome send(List<Row> rows) {
            if (producer == null) {
                producer = newProducer(number);
            }
            var futures = new ArrayList<Future<RecordMetadata>>(rows.size());
            Throwable error = null;
            for (Row row : rows) {
                try {
                    futures.add(producer.send(row.toRecord()));
                } catch (RuntimeException e) {
                    error = e;
                    break;
                }
            }
            int acknowledged = 0;
            for (Future<RecordMetadata> future : futures) {
                try {
                    future.get(config.relay().sendTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    error = e.getCause();
                    break;
                } catch (java.util.concurrent.TimeoutException e) {
                    error = e;
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    error = e;
                    break;
                }
                Row row = rows.get(acknowledged++);
                publishLatency.record(Duration.between(row.createdAt(), Instant.now()));
            }
            published.increment(acknowledged);
            return new SendOutcome(acknowledged, error);
        }

        private void markSent(Connection c, List<Row> rows) throws SQLException {
            if (rows.isEmpty()) {
                return;
            }
            try (PreparedStatement st = c.prepareStatement(
                    "update outbox_event set sent_at = now(), attempts = attempts + 1, last_error = null "
                            + "where seq = any (?)")) {
                st.setArray(1, c.createArrayOf("bigint", rows.stream().map(Row::seq).toArray()));
                st.executeUpdate();
            }
        }

        private void recordAttempt(Connection c, Row row, Throwable error) throws SQLException {
            try (PreparedStatement st = c.prepareStatement(
                    "update outbox_event set attempts = attempts + 1, last_error = ? where seq = ?")) {
                st.setString(1, describe(error));
                st.setLong(2, row.seq());
                st.executeUpdate();
            }
        }

        private void closeProducer() {
            if (producer != null) {
                try {
                    producer.close(Duration.ofSeconds(1));
                } catch (RuntimeException e) {
                    LOG.debug("Closing the outbox producer failed", e);
                }
                producer = null;
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private record Row(long seq, UUID id, String topic, String messageKey, String eventType, String source,
            String subject, Instant time, String payload, Instant createdAt) {

        ProducerRecord<String, String> toRecord() {
            var record = new ProducerRecord<>(topic, messageKey, payload);
            new CloudEventAttributes(id, source, eventType, time, subject).toHeaders()
                    .forEach((name, value) -> record.headers()
                            .add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
            return record;
        }
    }

    private record SendOutcome(int acknowledged, Throwable error) {
    }

    private record BatchResult(int sent, Throwable error) {
        static final BatchResult IDLE = new BatchResult(0, null);

        static BatchResult failed(Throwable error) {
            return new BatchResult(0, error);
        }
    }
}
