package dev.provhub.localinfra;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Kafka broker for {@code @QuarkusTest}s: sets {@code kafka.bootstrap.servers}, the default of every
 * Kafka client and messaging channel. The broker is shared by the JVM and outlives the test.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", LocalInfra.kafka().bootstrapServers());
    }

    @Override
    public void stop() {
        // shared by the JVM: stopped at exit
    }
}
