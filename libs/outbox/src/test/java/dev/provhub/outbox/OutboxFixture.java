package dev.provhub.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.provhub.events.UserChangeType;
import dev.provhub.events.UserChangedEvent;
import dev.provhub.localinfra.LocalInfra;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Test data and observation helpers around the outbox. */
@ApplicationScoped
public class OutboxFixture {

    @Inject
    UserChangeOutbox outbox;

    @Inject
    AgroalDataSource dataSource;

    /** {@code users} new user ids. */
    static List<UUID> users(int count) {
        var ids = new ArrayList<UUID>();
        for (int i = 0; i < count; i++) {
            ids.add(UUID.randomUUID());
        }
        return ids;
    }

    static UserChangedEvent change(UUID user, long version) {
        return UserChangedEvent.builder()
                .type(version == 1 ? UserChangeType.CREATED : UserChangeType.UPDATED)
                .version(version)
                .id(user)
                .origin("import-service")
                .userName("user-" + user)
                .email("v" + version + "@example.org")
                .changedFields(Set.of("email"))
                .build();
    }

    /**
     * Writes versions 1..{@code versions} of every user, interleaving users, each change in a transaction of its
     * own as a service would. Returns the event ids by user, in version order.
     */
    Map<UUID, List<UUID>> writeInterleaved(List<UUID> users, int versions) {
        var eventIds = new LinkedHashMap<UUID, List<UUID>>();
        for (int version = 1; version <= versions; version++) {
            for (UUID user : users) {
                long v = version;
                UUID eventId = QuarkusTransaction.requiringNew().call(() -> outbox.publish(change(user, v)));
                eventIds.computeIfAbsent(user, u -> new ArrayList<>()).add(eventId);
            }
        }
        return eventIds;
    }

    long unsent(Collection<UUID> users) throws SQLException {
        try (Connection c = dataSource.getConnection();
                var st = c.prepareStatement(
                        "select count(*) from outbox_event where sent_at is null and message_key = any (?)")) {
            st.setArray(1, c.createArrayOf("text", users.stream().map(UUID::toString).toArray()));
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Versions the test consumer applied per user, in the order it applied them. */
    Map<UUID, List<Long>> applied(Collection<UUID> users) throws SQLException {
        var applied = new HashMap<UUID, List<Long>>();
        try (Connection c = dataSource.getConnection();
                var st = c.prepareStatement(
                        "select message_key, version from test_applied where message_key = any (?) order by n")) {
            st.setArray(1, c.createArrayOf("text", users.stream().map(UUID::toString).toArray()));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    applied.computeIfAbsent(UUID.fromString(rs.getString(1)), u -> new ArrayList<>())
                            .add(rs.getLong(2));
                }
            }
        }
        return applied;
    }

    void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); var st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Reads {@code topic} from the start until {@code done} holds for the records of {@code keys} seen so far. */
    static List<ConsumerRecord<String, String>> readTopic(String topic, Set<String> keys,
            Predicate<List<ConsumerRecord<String, String>>> done, Duration timeout) {
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            var records = new ArrayList<ConsumerRecord<String, String>>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(records) && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (keys.contains(record.key())) {
                        records.add(record);
                    }
                }
            }
            return records;
        }
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
