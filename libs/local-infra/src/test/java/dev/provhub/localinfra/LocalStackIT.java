package dev.provhub.localinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The local stack's one command starts the packaged infrastructure, finds it healthy, and stops it cleanly. */
class LocalStackIT {

    @Test
    void localRunCommandStartsTheInfrastructureHealthyAndStopsIt() throws Exception {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        Path state = Path.of("target/local-stack-it").toAbsolutePath();
        var command = new ProcessBuilder("bash", root.resolve("deploy/local/run").toString(), "--no-build", "--smoke")
                .directory(root.toFile())
                .redirectErrorStream(true);
        command.environment().put("PROVHUB_LOCAL_DIR", state.toString());
        for (String port : List.of("KAFKA", "POSTGRES", "SMTP", "FTPS")) {
            command.environment().put("PROVHUB_" + port + "_PORT", "0");
        }

        Process process = command.start();
        List<String> output = new ArrayList<>();
        try (var reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines().forEach(output::add);
        }
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(String.join("\n", output)).isZero();
        assertThat(output).anyMatch(line -> line.matches("\\s+kafka\\s+localhost:\\d+\\s+healthy"));
        assertThat(output).anyMatch(line -> line.contains("postgres") && line.contains("/import  healthy"));
        assertThat(output).anyMatch(line -> line.contains("smtp") && line.contains("healthy"));
        assertThat(output).anyMatch(line -> line.contains("ftps://localhost:") && line.contains("healthy"));
        assertThat(output).contains("provhub: stopped");
        assertThat(state.resolve("infra/ready")).as("the stack reports itself stopped").doesNotExist();
        assertThat(Files.readString(state.resolve("infra/stack.env"))).contains("KAFKA_BOOTSTRAP_SERVERS=");
    }
}
