package dev.provhub.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Moves records a consumer cannot apply to its dead-letter topic, {@code <topic>-dlq-<consumer>}, with the reason,
 * so that the consumer goes on and an operator can look at them. The record keeps its key, value and headers; the
 * {@code dead-letter-*} headers say where it came from and why.
 */
@ApplicationScoped
public class DeadLetters {

    private final OutboxConfig config;
    private KafkaProducer<String, String> producer;

    DeadLetters(OutboxConfig config) {
        this.config = config;
    }

    /** The dead-letter topic of {@code consumer} for records of {@code topic}. */
    public static String topic(String topic, String consumer) {
        return topic + "-dlq-" + consumer;
    }

    /**
     * Sends the record to the consumer's dead-letter topic and waits for the broker.
     *
     * @throws IllegalStateException when the broker did not take it (the caller must not skip the record then)
     */
    public void send(String consumer, ConsumerRecord<String, String> record, String reason) {
        var dead = new ProducerRecord<>(topic(record.topic(), consumer), record.key(), record.value());
        for (Header header : record.headers()) {
            dead.headers().add(header);
        }
        dead.headers().add(header("dead-letter-reason", reason))
                .add(header("dead-letter-topic", record.topic()))
                .add(header("dead-letter-partition", String.valueOf(record.partition())))
                .add(header("dead-letter-offset", String.valueOf(record.offset())));
        try {
            producer().send(dead).get(config.relay().sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending a dead letter", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send a record to " + dead.topic() + ": " + e, e);
        }
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>(config.kafka().producer());
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "provhub-dead-letters");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }
}
