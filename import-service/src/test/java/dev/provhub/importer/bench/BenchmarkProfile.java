package dev.provhub.importer.bench;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The benchmark measures the import alone, with production password cost; events stay in the outbox. */
public class BenchmarkProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "provhub.outbox.relay.enabled", "false",
                "provhub.import.password.iterations", "600000",
                "quarkus.log.category.\"dev.provhub.importer\".level", "WARN");
    }
}
