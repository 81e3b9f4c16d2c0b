package dev.provhub.localinfra;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real PostgreSQL database for {@code @QuarkusTest}s: a database of its own (init arg {@code database}, default
 * {@code provhub}) on the JVM's shared server, set as the default datasource. The application itself sets
 * {@code quarkus.datasource.db-kind=postgresql}, a build-time property.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private String database = "provhub";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        LocalPostgres postgres = LocalInfra.postgres();
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.createDatabase(database),
                "quarkus.datasource.username", postgres.username(),
                "quarkus.datasource.password", postgres.password());
    }

    @Override
    public void stop() {
        // shared by the JVM: stopped at exit
    }
}
