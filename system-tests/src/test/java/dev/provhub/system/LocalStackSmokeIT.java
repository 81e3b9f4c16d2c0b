package dev.provhub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * {@code deploy/local/run --smoke} with the packaged services: the infrastructure, the Microsoft 365 simulator and
 * every built service start healthy, the printed list names their URLs, the credentials and an admin token, and the
 * printed commands work (a CSV dropped into the watched folder is imported; an export uploads those users; a sync of
 * the demo tenant's groups creates their users and publishes their changes; a SCIM job's records are accepted).
 */
class LocalStackSmokeIT {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void localStackStartsEveryBuiltServiceAndItsPrintedCommandsWork() throws Exception {
        Path state = Path.of("target", "local-stack-smoke").toAbsolutePath();
        Path log = Files.createDirectories(Path.of("target")).resolve("local-stack-smoke.log").toAbsolutePath();
        var command = new ProcessBuilder("bash", ROOT.resolve("deploy/local/run").toString(), "--no-build", "--smoke")
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        command.environment().put("PROVHUB_LOCAL_DIR", state.toString());
        for (String infra : List.of("KAFKA", "POSTGRES", "SMTP", "FTPS")) {
            command.environment().put("PROVHUB_" + infra + "_PORT", "0");
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String service : List.of("IMPORT", "EXPORT", "SYNC", "SCIM", "M365")) {
            ports.put(service, freePort());
            command.environment().put("PROVHUB_" + service + "_PORT", String.valueOf(ports.get(service)));
        }

        Process process = command.start();
        boolean finished = process.waitFor(360, TimeUnit.SECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
        String output = Files.readString(log);
        assertThat(finished).as("finished within 360 s:\n" + output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        assertThat(output).as("the simulator").contains("m365 simulator  https://localhost:" + ports.get("M365"));
        for (var service : Map.of("import-service", "IMPORT", "export-service", "EXPORT", "sync-service", "SYNC",
                "scim-service", "SCIM").entrySet()) {
            if (Files.isRegularFile(ROOT.resolve(service.getKey() + "/target/quarkus-app/quarkus-run.jar"))) {
                assertThat(output).as(service.getKey()).containsPattern(service.getKey()
                        + "\\s+http://localhost:" + ports.get(service.getValue()) + " ");
            }
        }
        assertThat(output).as("the admin token").containsPattern("\\n\\s+eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+\\n");
        assertThat(output).contains("postgres        postgres / postgres", "ftps            provhub / provhub");
        assertThat(output).contains("provhub: smoke: the sample CSV dropped into /Root/Moran's folder was imported",
                "provhub: smoke: an export uploaded the sample users to the FTPS server");
        if (Files.isRegularFile(ROOT.resolve("sync-service/target/quarkus-app/quarkus-run.jar"))) {
            assertThat(output).contains("provhub: smoke: a sync of the demo tenant's Office 365 groups created their "
                    + "users and memberships").containsPattern("provhub: smoke: sync-service published the [1-9]\\d* "
                            + "synced users' changes to Kafka");
        }
        if (Files.isRegularFile(ROOT.resolve("scim-service/target/quarkus-app/quarkus-run.jar"))) {
            assertThat(output).contains("provhub: smoke: a SCIM job sent the sample HR export to the demo tenant and "
                    + "its provisioning logs accepted all 20 records");
        }
        assertThat(output).contains("provhub: stopped");
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
