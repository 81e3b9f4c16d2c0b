package dev.provhub.exporter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.provhub.events.CloudEventAttributes;
import dev.provhub.events.UserChangeType;
import dev.provhub.events.UserChangedEvent;
import dev.provhub.events.UserChangedEventJson;
import dev.provhub.localinfra.LocalInfra;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Puts user-change events on the real topic, as a producing service would, and waits until they are applied. */
@ApplicationScoped
public class EventFeed {

    @Inject
    EntityManager em;

    private KafkaProducer<String, String> producer;

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    LocalInfra.kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                    new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    /** A user as import-service would describe it, version 1. */
    public static UserChangedEvent.Builder user(String memberNumber, String upn, String first, String last) {
        return UserChangedEvent.builder().type(UserChangeType.CREATED).version(1).id(UUID.randomUUID())
                .origin("import-service").employeeNumber(memberNumber).upn(upn).givenName(first).familyName(last)
                .email(first.toLowerCase() + "@example.org").postalCode("00100");
    }

    public void send(UserChangedEvent event) {
        try {
            producer().send(record(event)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends without waiting for the broker; {@link #flush()} waits for all of them. */
    public void sendAsync(UserChangedEvent event) {
        producer().send(record(event));
    }

    public void flush() {
        producer().flush();
    }

    private static ProducerRecord<String, String> record(UserChangedEvent event) {
        var record = new ProducerRecord<>("user-changes", event.key(), UserChangedEventJson.write(event));
        CloudEventAttributes.forEvent(UUID.randomUUID(), event, Instant.now()).toHeaders().forEach(
                (name, value) -> record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        return record;
    }

    /** Sends and waits until export-service has applied this version (or a newer one) of the user. */
    public UserChangedEvent apply(UserChangedEvent event) {
        send(event);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (appliedVersion(event.id()) < event.version()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("export-service did not apply " + event.key() + " v" + event.version());
            }
            sleep();
        }
        return event;
    }

    /** The next version of a user, changed by {@code change}. */
    public UserChangedEvent next(UserChangedEvent event, UserChangeType type,
            java.util.function.UnaryOperator<UserChangedEvent.Builder> change) {
        return apply(change.apply(event.toBuilder().type(type).version(event.version() + 1)).build());
    }

    public long appliedVersion(UUID user) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select coalesce(max(version), 0) from consumed_version where consumer = 'export-service' "
                        + "and message_key = ?1")
                .setParameter(1, user.toString()).getSingleResult()).longValue());
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
