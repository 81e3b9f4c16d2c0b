package dev.provhub.m365sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.localinfra.SelfSignedCertificate;
import dev.provhub.localinfra.TemporaryFolders;
import dev.provhub.m365sim.http.GraphJson;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The simulator for {@code @QuarkusTest}s: {@code @WithTestResource(M365SimulatorTestResource.class)}. It serves
 * the {@link DemoTenant}, or the fixture named by init arg {@code fixture} (a classpath resource), and sets under the
 * prefix of init arg {@code prefix} (default {@code provhub.m365}): {@code .graph-url}, {@code .authority-host},
 * {@code .token-url}, {@code .tenant-id}, {@code .client-id}, {@code .client-secret}, {@code .client-certificate}
 * and {@code .client-certificate-password} (demo tenant), {@code .service-principal-id} and {@code .job-id} (demo
 * tenant), {@code .trust-store} and {@code .trust-store-password}. Tests reach the Java API through
 * {@link #simulator()}; one simulator per fixture serves the whole test JVM.
 */
public class M365SimulatorTestResource implements QuarkusTestResourceLifecycleManager {

    private static final Map<String, Started> STARTED = new HashMap<>();
    private static volatile M365Simulator last;

    private record Started(M365Simulator simulator, Map<String, String> properties) {
    }

    private String prefix = "provhub.m365";
    private String fixture;

    /** The simulator the last started resource uses: reset it, change it, inject faults, read its journal. */
    public static M365Simulator simulator() {
        if (last == null) {
            throw new IllegalStateException("no M365SimulatorTestResource has started in this JVM");
        }
        return last;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        prefix = initArgs.getOrDefault("prefix", prefix);
        fixture = initArgs.get("fixture");
    }

    @Override
    public Map<String, String> start() {
        Started started = start(fixture);
        last = started.simulator();
        var properties = new LinkedHashMap<String, String>();
        started.properties().forEach((name, value) -> properties.put(prefix + "." + name, value));
        return properties;
    }

    private static synchronized Started start(String fixture) {
        return STARTED.computeIfAbsent(fixture == null ? "" : fixture, key -> {
            try {
                Path dir = TemporaryFolders.create("provhub-m365-test");
                var properties = new LinkedHashMap<String, String>();
                M365Simulator simulator;
                if (key.isEmpty()) {
                    var certificate = SelfSignedCertificate.forLocalhost();
                    Path pfx = dir.resolve("provhub-client.pfx");
                    certificate.writeKeyStore(pfx, M365Simulator.STORE_PASSWORD.toCharArray());
                    DemoTenant demo = DemoTenant.create(certificate.certificate());
                    simulator = M365Simulator.start(demo.fixture(), 0, dir);
                    properties.put("client-id", demo.provhubApplication().appId());
                    properties.put("client-secret", demo.provhubApplication().secret());
                    properties.put("client-certificate", pfx.toString());
                    properties.put("client-certificate-password", M365Simulator.STORE_PASSWORD);
                    properties.put("service-principal-id", demo.provisioningServicePrincipalId());
                    properties.put("job-id", demo.provisioningJobId());
                } else {
                    ObjectNode loaded = read(key);
                    simulator = M365Simulator.start(loaded, 0, dir);
                    var application = loaded.path("applications").path(0);
                    properties.put("client-id", application.path("appId").asText());
                    properties.put("client-secret",
                            application.path("passwordCredentials").path(0).path("secretText").asText());
                }
                properties.put("graph-url", simulator.graphUrl());
                properties.put("authority-host", simulator.baseUrl());
                properties.put("token-url", simulator.tokenUrl());
                properties.put("tenant-id", simulator.tenantId());
                properties.put("trust-store", simulator.trustStoreFile().toString());
                properties.put("trust-store-password", M365Simulator.STORE_PASSWORD);
                Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "m365-simulator-shutdown"));
                return new Started(simulator, properties);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static ObjectNode read(String resource) throws IOException {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no tenant fixture " + resource + " on the classpath");
            }
            return (ObjectNode) GraphJson.MAPPER.readTree(in);
        }
    }

    @Override
    public void stop() {
        // shared by the test JVM: stopped at exit, so the next test class finds it running
    }
}
