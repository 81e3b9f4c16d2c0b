package dev.provhub.m365sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.localinfra.SelfSignedCertificate;
import dev.provhub.m365sim.http.GraphJson;

/**
 * The simulator as a process, for the local stack and the system tests: the demo tenant (or a fixture file) on
 * {@code PROVHUB_M365_PORT} (default 8090). It prints how to reach it, writes the same settings as environment
 * variables to {@code
 *
<dir>
 * /m365.env}, writes {@code
 *
<dir>
 * /ready}, and runs until stopped.
 *
 * <pre>
 * java -cp "libs/m365-simulator/target/m365-simulator-*.jar:libs/m365-simulator/target/lib/*" \
 *      dev.provhub.m365sim.M365SimulatorMain [--port 8090] [--dir .local/m365] [--fixture tenant.json] [--host name]
 * </pre>
 */
public final class M365SimulatorMain {

    private M365SimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        M365Simulator simulator = start(parse(args));
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop(simulator);
            stopped.countDown();
        }, "m365-simulator-shutdown"));
        stopped.await();
    }

    /**
     * Starts the simulator as {@code main} does, prints and writes its settings, and writes the ready marker.
     *
     * @param options {@code port}, {@code dir}, {@code fixture} (all optional)
     */
    static M365Simulator start(Map<String, String> options) throws IOException {
        int port = Integer.parseInt(options.getOrDefault("port",
                System.getenv().getOrDefault("PROVHUB_M365_PORT", "8090")));
        Path dir = Path.of(options.getOrDefault("dir", ".local/m365")).toAbsolutePath();
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("ready"));

        var clientCertificate = SelfSignedCertificate.forLocalhost();
        Path clientPfx = dir.resolve("provhub-client.pfx");
        clientCertificate.writeKeyStore(clientPfx, M365Simulator.STORE_PASSWORD.toCharArray());
        DemoTenant demo = DemoTenant.create(clientCertificate.certificate());
        ObjectNode fixture = options.containsKey("fixture")
                ? (ObjectNode) GraphJson.MAPPER.readTree(Files.readAllBytes(Path.of(options.get("fixture"))))
                : demo.fixture();
        // the host name clients use (a container's name in docker-compose.yml): URLs and certificate name it
        String host = options.getOrDefault("host", System.getenv().getOrDefault("PROVHUB_M365_HOST", "localhost"));
        M365Simulator simulator = M365Simulator.start(fixture, port, dir, host);

        var env = new LinkedHashMap<String, String>();
        env.put("PROVHUB_M365_GRAPH_URL", simulator.graphUrl());
        env.put("PROVHUB_M365_AUTHORITY_HOST", simulator.baseUrl());
        env.put("PROVHUB_M365_TOKEN_URL", simulator.tokenUrl());
        env.put("PROVHUB_M365_TENANT_ID", simulator.tenantId());
        if (!options.containsKey("fixture")) {
            env.put("PROVHUB_M365_CLIENT_ID", demo.provhubApplication().appId());
            env.put("PROVHUB_M365_CLIENT_SECRET", demo.provhubApplication().secret());
            env.put("PROVHUB_M365_CLIENT_CERTIFICATE", clientPfx.toString());
            env.put("PROVHUB_M365_CLIENT_CERTIFICATE_PASSWORD", M365Simulator.STORE_PASSWORD);
            env.put("PROVHUB_M365_SERVICE_PRINCIPAL_ID", demo.provisioningServicePrincipalId());
            env.put("PROVHUB_M365_JOB_ID", demo.provisioningJobId());
        }
        env.put("PROVHUB_M365_TRUST_STORE", simulator.trustStoreFile().toString());
        env.put("PROVHUB_M365_TRUST_STORE_PASSWORD", M365Simulator.STORE_PASSWORD);
        var lines = new StringBuilder();
        env.forEach((name, value) -> lines.append(name).append('=').append(value).append('\n'));
        Files.writeString(dir.resolve("m365.env"), lines);

        say("https://localhost:" + simulator.port() + "  healthy (Graph " + simulator.graphUrl() + ", authority "
                + simulator.authority() + ")");
        env.forEach((name, value) -> say("  " + name + "=" + value));
        Files.writeString(dir.resolve("ready"), "ready\n");
        return simulator;
    }

    /** Removes the ready marker, then stops the simulator. */
    static void stop(M365Simulator simulator) {
        try {
            Files.deleteIfExists(simulator.workDir().resolve("ready"));
        } catch (IOException e) {
            // the marker only tells scripts we are up
        }
        simulator.close();
    }

    static Map<String, String> parse(String[] args) {
        var options = new LinkedHashMap<String, String>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: M365SimulatorMain [--port n] [--dir d] [--fixture f] "
                        + "[--host h]; "
                        + "bad argument " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static void say(String line) {
        System.out.println("m365-simulator: " + line);
    }
}
