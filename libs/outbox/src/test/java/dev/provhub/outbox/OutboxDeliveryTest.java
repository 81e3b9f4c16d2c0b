package dev.provhub.outbox;

import static dev.provhub.outbox.OutboxFixture.header;
import static dev.provhub.outbox.OutboxFixture.readTopic;
import static dev.provhub.outbox.OutboxFixture.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.provhub.events.UserChangedEventJson;
import dev.provhub.localinfra.KafkaTestResource;
import dev.provhub.localinfra.LocalInfra;
import dev.provhub.localinfra.LocalKafka;
import dev.provhub.localinfra.PostgresTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The outbox's delivery guarantees, against a real broker that goes away and comes back, and a real database. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class OutboxDeliveryTest {

    static final int USERS = 20;
    static final int VERSIONS = 50;

    @Inject
    OutboxFixture fixture;

    @Inject
    OutboxRelay relay;

    @Inject
    MeterRegistry registry;

    @Test
    void deliversAllEventsWrittenWhileTheBrokerWasDownInOrderPerUser() throws Exception {
        List<UUID> users = users(USERS);
        LocalKafka kafka = LocalInfra.kafka();
        double failuresBefore = registry.counter("provhub.outbox.publish.failures").count();

        Map<UUID, List<UUID>> eventIds;
        kafka.stop();
        try {
            eventIds = fixture.writeInterleaved(users, VERSIONS);

            await().atMost(Duration.ofSeconds(30)).until(
                    () -> registry.counter("provhub.outbox.publish.failures").count() > failuresBefore);
            assertThat(fixture.unsent(users)).as("nothing is lost or marked sent while the broker is away")
                    .isEqualTo(USERS * VERSIONS);
            assertThat(relay.refreshBacklog()).isGreaterThanOrEqualTo(USERS * VERSIONS);
        } finally {
            kafka.restart();
        }

        await().atMost(Duration.ofSeconds(120)).until(() -> fixture.unsent(users) == 0);

        Set<String> keys = users.stream().map(UUID::toString).collect(Collectors.toSet());
        Set<String> expectedIds = eventIds.values().stream().flatMap(List::stream).map(UUID::toString)
                .collect(Collectors.toSet());
        List<ConsumerRecord<String, String>> records = readTopic("user-changes", keys,
                seen -> ids(seen).containsAll(expectedIds), Duration.ofSeconds(60));

        assertThat(ids(records)).as("every event reached the topic").containsAll(expectedIds);
        Map<String, List<Long>> firstSeen = versionsInFirstSeenOrder(records);
        for (UUID user : users) {
            assertThat(firstSeen.get(user.toString())).as("order of user %s on the topic", user)
                    .containsExactlyElementsOf(oneTo(VERSIONS));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> fixture.applied(users).values().stream()
                .mapToInt(List::size).sum() == USERS * VERSIONS);
        fixture.applied(users).forEach((user, versions) -> assertThat(versions)
                .as("what the consumer applied for %s", user).containsExactlyElementsOf(oneTo(VERSIONS)));
    }

    private static Set<String> ids(List<ConsumerRecord<String, String>> records) {
        Set<String> ids = new HashSet<>();
        records.forEach(r -> ids.add(header(r, "ce_id")));
        return ids;
    }

    /** Per key, the versions in the order they first appear (a re-sent duplicate does not count again). */
    static Map<String, List<Long>> versionsInFirstSeenOrder(List<ConsumerRecord<String, String>> records) {
        var seen = new LinkedHashMap<String, LinkedHashSet<Long>>();
        for (var record : records) {
            seen.computeIfAbsent(record.key(), k -> new LinkedHashSet<>())
                    .add(UserChangedEventJson.read(record.value()).version());
        }
        var result = new LinkedHashMap<String, List<Long>>();
        seen.forEach((key, versions) -> result.put(key, new ArrayList<>(versions)));
        return result;
    }

    static List<Long> oneTo(int n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }
}
