package dev.provhub.sync.bench;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The benchmark runs with the production chunk size and a profile that syncs its big group. */
public class SyncBenchmarkProfile implements QuarkusTestProfile {

    static final String GROUP = "Benchmark members";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "provhub.sync.chunk-size", "500",
                "provhub.sync.profiles.bench.options", "--auto-create all \"" + GROUP + "\"",
                "quarkus.log.category.\"dev.provhub.sync\".level", "WARN");
    }
}
