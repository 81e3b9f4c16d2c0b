package dev.provhub.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.provhub.localinfra.JwtTestResource;
import dev.provhub.localinfra.KafkaTestResource;
import dev.provhub.localinfra.LocalInfra;
import dev.provhub.localinfra.PostgresTestResource;
import dev.provhub.localinfra.TemporaryFolders;
import dev.provhub.m365sim.M365SimulatorTestResource;

/**
 * The command as an administrator runs it: {@code java -jar quarkus-run.jar provision ...}, the built jar in a
 * process of its own, on a real database and broker, against the simulator over HTTPS; its exit codes and summary.
 */
class ProvisionJarIT {

    private static final String DATABASE = "sync_jar";
    private static final Map<String, String> SETTINGS = new HashMap<>();

    /** What the process printed and how it ended. */
    record Ended(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void infrastructure() {
        var postgres = new PostgresTestResource();
        postgres.init(Map.of("database", DATABASE));
        SETTINGS.putAll(postgres.start());
        SETTINGS.putAll(new KafkaTestResource().start());
        SETTINGS.putAll(new JwtTestResource().start());
        Map<String, String> m365 = new M365SimulatorTestResource().start();
        for (String key : List.of("url", "authority-host", "tenant-id", "client-id", "client-secret", "trust-store",
                "trust-store-password")) {
            SETTINGS.put("provhub.sync.graph." + key, m365.get("provhub.m365." + (key.equals("url") ? "graph-url"
                    : key)));
        }
        SETTINGS.put("provhub.sync.graph.disable-instance-discovery", "true");
    }

    @Test
    void provisionsFromTheJarWithTheSeedsExitCodes() throws Exception {
        var usage = provision("--target-group", "X", "--username", "a@b.example", "O365 Staff");
        assertThat(usage.exitCode()).as(usage.err()).isEqualTo(ProvisionCommand.USAGE);
        assertThat(usage.err()).contains("provision: error: --target-group cannot be combined with --username");

        var synced = provision("-a", "all", "--process-child-groups", "O365 Staff");
        assertThat(synced.exitCode()).as(synced.err()).isEqualTo(ProvisionCommand.OK);
        assertThat(synced.out()).contains("40 users created");
        assertThat(users()).isEqualTo(40);

        var unknown = provision("-a", "all", "No Such Group");
        assertThat(unknown.exitCode()).isEqualTo(ProvisionCommand.FAILED);
        assertThat(unknown.err()).contains("no group named 'No Such Group'");
    }

    private static Ended provision(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        SETTINGS.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar", "provision"));
        command.addAll(List.of(args));
        Path out = TemporaryFolders.file("provision", ".out");
        Path err = TemporaryFolders.file("provision", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("provision did not end within 3 minutes: " + Files.readString(out));
        }
        return new Ended(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err,
                StandardCharsets.UTF_8));
    }

    private static long users() throws SQLException {
        try (var connection = LocalInfra.postgres().connect(DATABASE);
                var rows = connection.createStatement().executeQuery("select count(*) from app_user")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
