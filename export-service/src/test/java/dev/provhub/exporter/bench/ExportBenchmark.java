package dev.provhub.exporter.bench;

import static dev.provhub.exporter.EventFeed.user;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.provhub.events.UserChangedEvent;
import dev.provhub.exporter.EventFeed;
import dev.provhub.exporter.ExportServiceTest;
import dev.provhub.exporter.run.ExportRunView;
import dev.provhub.exporter.run.ExportRuns;
import dev.provhub.localinfra.LocalInfra;
import dev.provhub.outbox.UserChangeOutbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Consumer throughput, end-to-end latency and export cost, printed as figures beside baselines measured in the same
 * run (nothing about speed is asserted). Not part of {@code ./mvnw verify}: run it with
 * {@code ./mvnw -pl export-service -am -Pbenchmark verify -Dtest=ExportBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * Sizes: {@code -Dbench.events} (50,000), {@code -Dbench.rate} (5,000 events/s), {@code -Dbench.seconds} (10),
 * {@code -Dbench.changes} (10,000), {@code -Dbench.members} (1,000,000).
 */
@Tag("benchmark")
@ExportServiceTest
@TestProfile(ExportBenchmark.WithRelay.class)
class ExportBenchmark {

    static final int EVENTS = Integer.getInteger("bench.events", 50_000);
    static final int RATE = Integer.getInteger("bench.rate", 5_000);
    static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    static final int CHANGES = Integer.getInteger("bench.changes", 10_000);
    static final int MEMBERS = Integer.getInteger("bench.members", 1_000_000);

    /** The latency is measured from the outbox, so this service relays the events it writes for the benchmark. */
    public static class WithRelay implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("provhub.outbox.relay.enabled", "true", "provhub.outbox.relay.poll-interval", "100ms",
                    "quarkus.log.category.\"dev.provhub\".level", "WARN");
        }
    }

    @Inject
    EventFeed feed;

    @Inject
    ExportRuns exports;

    @Inject
    UserChangeOutbox outbox;

    @Inject
    MeterRegistry registry;

    @Inject
    EntityManager em;

    @Test
    void consumerThroughputLatencyAndExportCost() throws Exception {
        System.out.printf("%nprovhub export benchmark: %d cores, max heap %d MiB%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        exports.runNow("bench", false, null);

        double raw = rawConsumerRate(EVENTS);
        double consumer = consumerRate(EVENTS);
        System.out.printf("consumer: %,d events into the projection: %,.0f events/s; baseline, a plain Kafka "
                + "consumer reading the same number of records: %,.0f records/s%n", EVENTS, consumer, raw);

        double[] latency = latencyAt(RATE, SECONDS);
        Timer relay = registry.find("provhub.outbox.publish.latency").timer();
        System.out.printf("end to end at %,d events/s for %d s (written to the outbox -> applied to the projection): "
                + "p50 %.0f ms, p99 %.0f ms; baseline, the first hop alone (outbox -> Kafka acknowledged): "
                + "p50 %.0f ms, p99 %.0f ms%n", RATE, SECONDS, latency[0], latency[1], percentile(relay, 0.5),
                percentile(relay, 0.99));

        exports.baseline("bench");
        System.out.printf("export of %,d changes among %,d members: %s%n", CHANGES, members(), timeExport(CHANGES));
        seedMembers(MEMBERS);
        exports.baseline("bench");
        System.out.printf("export of %,d changes among %,d members: %s%n", CHANGES, members(), timeExport(CHANGES));
    }

    /** How fast a bare KafkaConsumer in this JVM reads {@code count} records of the size of an event. */
    private double rawConsumerRate(int count) throws Exception {
        String topic = "bench-raw-" + UUID.randomUUID();
        String value = EventFeedValues.sample();
        try (var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalInfra.kafka().bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, String.valueOf(i), value));
            }
            producer.flush();
        }
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-raw", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long start = System.nanoTime();
            int read = 0;
            while (read < count) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Events produced to the topic as fast as possible, timed until the consumer has applied them all. */
    private double consumerRate(int count) {
        long before = applied();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            feed.sendAsync(user(String.valueOf(10_000_000 + i), "b" + i + "@example.org", "Bench", "User" + i)
                    .build());
        }
        feed.flush();
        waitFor(() -> applied() >= before + count, Duration.ofMinutes(10));
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Writes {@code rate} events a second to the outbox for {@code seconds}, as a producing service would (a
     * transaction every 10 ms), and returns the p50 and p99 of written-to-the-outbox -> written-to-the-projection.
     */
    private double[] latencyAt(int rate, int seconds) throws Exception {
        int perTick = Math.max(1, rate / 100);
        var users = new ArrayList<UUID>();
        long start = System.nanoTime();
        for (int tick = 0; tick < seconds * 100; tick++) {
            var batch = new ArrayList<UserChangedEvent>(perTick);
            for (int i = 0; i < perTick; i++) {
                UserChangedEvent event = user(String.valueOf(30_000_000 + users.size()), "l" + users.size()
                        + "@example.org", "Latency", "User").build();
                users.add(event.id());
                batch.add(event);
            }
            QuarkusTransaction.requiringNew().run(() -> batch.forEach(outbox::publish));
            long next = start + (tick + 1) * 10_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        double achieved = users.size() / ((System.nanoTime() - start) / 1e9);
        UUID[] ids = users.toArray(UUID[]::new);
        waitFor(() -> count("select count(*) from member where user_id = any (?1)", ids) >= ids.length,
                Duration.ofMinutes(5));
        Object[] p = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery("""
                select percentile_cont(0.5) within group (order by ms), percentile_cont(0.99) within group (order by ms)
                from (select extract(epoch from (m.updated_at - e.ce_time)) * 1000 as ms
                      from member m join outbox_event e on e.message_key = m.user_id::text
                      where m.user_id = any (?1)) t""").setParameter(1, ids).getSingleResult());
        System.out.printf("(latency phase: %,d events written at %,.0f events/s)%n", ids.length, achieved);
        return new double[] { ((Number) p[0]).doubleValue(), ((Number) p[1]).doubleValue() };
    }

    private static double percentile(Timer timer, double percentile) {
        if (timer == null) {
            return Double.NaN;
        }
        for (var value : timer.takeSnapshot().percentileValues()) {
            if (value.percentile() == percentile) {
                return value.value(java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }

    /** Changes {@code changes} exported members (a new postal code) and times the export that sends them. */
    private String timeExport(int changes) {
        QuarkusTransaction.requiringNew().timeout(600).run(() -> em.createNativeQuery("""
                update member set postalcode = lpad((floor(random() * 99999))::int::text, 5, '0'),
                    change_seq = nextval('member_change_seq')
                where user_id in (select user_id from member where not deleted and upn is not null
                    order by random() limit ?1)""").setParameter(1, changes).executeUpdate());
        long start = System.nanoTime();
        ExportRunView run = exports.runNow("bench", false, null);
        double seconds = (System.nanoTime() - start) / 1e9;
        return String.format("%.2f s (%s, %s updated rows uploaded)", seconds, run.status(),
                run.counts().get("updated"));
    }

    /** Adds members straight into the projection (the consumer's rate is measured above) up to {@code total}. */
    private void seedMembers(int total) {
        long missing = total - members();
        if (missing <= 0) {
            return;
        }
        QuarkusTransaction.requiringNew().timeout(1800).run(() -> em.createNativeQuery("""
                insert into member (user_id, origin, deleted, membernumber, upn, firstname, lastname, email,
                    postalcode, is_suspended, is_o365_suspended, change_seq)
                select gen_random_uuid(), 'import-service', false, (20000000 + g)::text, 'seed' || g || '@example.org',
                    'Seed', 'Member' || g, 'seed' || g || '@example.org', '00100', false, false,
                    nextval('member_change_seq')
                from generate_series(1, ?1) g""").setParameter(1, missing).executeUpdate());
    }

    private long members() {
        return count("select count(*) from member", null);
    }

    private long applied() {
        return count("select count(*) from consumed_version where consumer = 'export-service'", null);
    }

    private long count(String sql, Object parameter) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = em.createNativeQuery(sql);
            if (parameter != null) {
                query.setParameter(1, parameter);
            }
            return ((Number) query.getSingleResult()).longValue();
        });
    }

    private static void waitFor(BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A record value of a real event's size. */
    static final class EventFeedValues {
        static String sample() {
            return dev.provhub.events.UserChangedEventJson.write(user("12345678", "sample@example.org", "Sample",
                    "User").build());
        }
    }
}
