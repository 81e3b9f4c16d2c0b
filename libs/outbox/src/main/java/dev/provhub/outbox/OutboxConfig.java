package dev.provhub.outbox;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Configuration of the outbox relay ({@code provhub.outbox.*}). */
@ConfigMapping(prefix = "provhub.outbox")
public interface OutboxConfig {

    /** The topic user-change events are published to. */
    @WithDefault("user-changes")
    String topic();

    /** How long sent events stay in the outbox table (for audit and replay) before they are deleted. */
    @WithDefault("P7D")
    Duration retention();

    Relay relay();

    Kafka kafka();

    interface Relay {

        /** Publish outbox rows to Kafka from this instance. Turn off for instances that only write events. */
        @WithDefault("true")
        boolean enabled();

        /** Relay threads in this instance; each works on one bucket of keys at a time. */
        @WithDefault("1")
        int workers();

        /** How often an idle relay looks for unsent rows (a commit in this instance wakes it at once). */
        @WithDefault("500ms")
        Duration pollInterval();

        /** The most rows one relay sends in one transaction. */
        @WithDefault("1000")
        int batchSize();

        /**
         * How many key buckets (of 64) one relay round takes: more buckets per round cost fewer round trips per
         * event; each bucket is still held by one relay at a time, which keeps every key's order.
         */
        @WithDefault("16")
        int bucketsPerBatch();

        /** Pause after the first failure to publish; doubled after each further failure. */
        @WithDefault("1s")
        Duration backoffInitial();

        /** The longest pause between attempts while Kafka cannot be reached. */
        @WithDefault("30s")
        Duration backoffMax();

        /** How long one send may wait for the broker before it counts as failed. */
        @WithDefault("15s")
        Duration sendTimeout();
    }

    interface Kafka {

        /** The brokers; defaults to the Kafka setting every Quarkus Kafka client uses. */
        @WithName("bootstrap-servers")
        @WithDefault("${kafka.bootstrap.servers:localhost:9092}")
        String bootstrapServers();

        /** Further producer properties, e.g. {@code security.protocol}, {@code sasl.jaas.config}. */
        Map<String, String> producer();
    }
}
