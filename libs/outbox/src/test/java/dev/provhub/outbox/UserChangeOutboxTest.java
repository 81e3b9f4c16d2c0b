package dev.provhub.outbox;

import static dev.provhub.outbox.OutboxFixture.change;
import static dev.provhub.outbox.OutboxFixture.header;
import static dev.provhub.outbox.OutboxFixture.readTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.provhub.events.UserChangedEvent;
import dev.provhub.events.UserChangedEventJson;
import dev.provhub.localinfra.KafkaTestResource;
import dev.provhub.localinfra.LocalInfra;
import dev.provhub.localinfra.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class UserChangeOutboxTest {

    @Inject
    UserChangeOutbox outbox;

    @Inject
    IdempotentConsumer idempotent;

    @Inject
    OutboxFixture fixture;

    @Inject
    MeterRegistry registry;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void publishingNeedsTheCallersTransaction() {
        assertThatThrownBy(() -> outbox.publish(change(UUID.randomUUID(), 1)))
                .isInstanceOf(TransactionalException.class);
    }

    @Test
    void aRolledBackChangeLeavesNoEvent() throws Exception {
        UUID user = UUID.randomUUID();
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            outbox.publish(change(user, 1));
            throw new IllegalStateException("the change failed");
        })).hasMessageContaining("the change failed");

        assertThat(fixture.unsent(List.of(user))).isZero();
        assertThat(countRows(user)).isZero();
    }

    @Test
    void publishedRecordIsABinaryModeCloudEventKeyedByUser() {
        UUID user = UUID.randomUUID();
        UserChangedEvent event = change(user, 1);
        UUID eventId = QuarkusTransaction.requiringNew().call(() -> outbox.publish(event));

        var records = readTopic("user-changes", Set.of(user.toString()), seen -> !seen.isEmpty(),
                Duration.ofSeconds(30));

        assertThat(records).hasSize(1);
        var record = records.get(0);
        assertThat(record.key()).isEqualTo(user.toString());
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "ce_id")).isEqualTo(eventId.toString());
        assertThat(header(record, "ce_type")).isEqualTo("user.created");
        assertThat(header(record, "ce_source")).isEqualTo("/provhub/import-service");
        assertThat(header(record, "ce_subject")).isEqualTo(user.toString());
        assertThat(header(record, "ce_time")).isNotBlank();
        assertThat(header(record, "content-type")).isEqualTo("application/json");
        assertThat(UserChangedEventJson.read(record.value())).isEqualTo(event);
    }

    @Test
    void consumerAppliesOnlyNewerVersions() {
        String key = UUID.randomUUID().toString();
        QuarkusTransaction.requiringNew().run(() -> {
            assertThat(idempotent.firstDelivery("unit", key, 2, UUID.randomUUID())).isTrue();
            assertThat(idempotent.firstDelivery("unit", key, 2, UUID.randomUUID())).as("duplicate").isFalse();
            assertThat(idempotent.firstDelivery("unit", key, 1, UUID.randomUUID())).as("older").isFalse();
            assertThat(idempotent.firstDelivery("other-consumer", key, 1, UUID.randomUUID())).isTrue();
            assertThat(idempotent.firstDelivery("unit", key, 3, UUID.randomUUID())).isTrue();
        });
    }

    @Test
    void whatARolledBackConsumerSawIsAppliedOnRedelivery() {
        String key = UUID.randomUUID().toString();
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            assertThat(idempotent.firstDelivery("unit", key, 1, UUID.randomUUID())).isTrue();
            throw new IllegalStateException("the consumer's own change failed");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(QuarkusTransaction.requiringNew()
                .call(() -> idempotent.firstDelivery("unit", key, 1, UUID.randomUUID()))).isTrue();
    }

    @Test
    void poisonMessageGoesToTheDeadLetterTopicAndTheConsumerKeepsGoing() throws Exception {
        UUID poisoned = UUID.randomUUID();
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.kafka().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("user-changes", poisoned.toString(), "{not json")).get();
        }
        UUID user = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(change(user, 1)));

        var dead = readTopic(DeadLetters.topic("user-changes", AppliedChangesConsumer.NAME), Set.of(poisoned.toString()),
                seen -> !seen.isEmpty(),
                Duration.ofSeconds(60));
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), "dead-letter-reason")).contains("ce_specversion");
        await().atMost(Duration.ofSeconds(60)).until(() -> fixture.applied(List.of(user)).containsKey(user));
    }

    @Test
    void metricsShowPublishedEventsLatencyAndBacklog() {
        double publishedBefore = registry.counter("provhub.outbox.published").count();
        UUID user = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(change(user, 1)));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> registry.counter("provhub.outbox.published").count() > publishedBefore);
        assertThat(registry.timer("provhub.outbox.publish.latency").count()).isPositive();
        assertThat(registry.find("provhub.outbox.backlog").gauge()).isNotNull();
        assertThat(registry.find("provhub.outbox.publish.failures").counter()).isNotNull();
    }

    private long countRows(UUID user) throws Exception {
        try (var c = dataSource.getConnection();
                var st = c.prepareStatement("select count(*) from outbox_event where message_key = ?")) {
            st.setString(1, user.toString());
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
