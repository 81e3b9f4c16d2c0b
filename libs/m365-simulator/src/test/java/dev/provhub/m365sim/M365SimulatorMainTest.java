package dev.provhub.m365sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone server: the demo tenant, its settings in m365.env, the ready marker, and a working sign-in. */
class M365SimulatorMainTest {

    @Test
    void startsTheDemoTenantAndWritesHowToReachIt(@TempDir Path dir) throws Exception {
        M365Simulator simulator = M365SimulatorMain.start(M365SimulatorMain.parse(new String[] { "--port", "0",
                "--dir", dir.toString() }));
        try {
            assertThat(dir.resolve("ready")).exists();
            var env = new Properties();
            try (var reader = Files.newBufferedReader(dir.resolve("m365.env"))) {
                env.load(reader);
            }
            assertThat(env.getProperty("PROVHUB_M365_GRAPH_URL")).isEqualTo(simulator.graphUrl());
            assertThat(env.getProperty("PROVHUB_M365_JOB_ID")).startsWith("API2AAD.").endsWith(simulator.tenantId());
            assertThat(Path.of(env.getProperty("PROVHUB_M365_TRUST_STORE"))).exists();
            assertThat(Path.of(env.getProperty("PROVHUB_M365_CLIENT_CERTIFICATE"))).exists();

            var form = new LinkedHashMap<String, String>();
            form.put("grant_type", "client_credentials");
            form.put("client_id", env.getProperty("PROVHUB_M365_CLIENT_ID"));
            form.put("client_secret", env.getProperty("PROVHUB_M365_CLIENT_SECRET"));
            form.put("scope", "https://graph.microsoft.com/.default");
            var http = new SimulatorHttp(simulator);
            String token = SimulatorHttp.json(http.token(form)).path("access_token").asText();
            assertThat(SimulatorHttp.json(http.get("/groups?$filter=startswith(displayName,'O365 Class')", token))
                    .path("value")).hasSize(10);
        } finally {
            M365SimulatorMain.stop(simulator);
        }
        assertThat(dir.resolve("ready")).doesNotExist();
    }

    /** In a container (docker-compose.yml) clients use the container's name: URLs and the certificate say it. */
    @Test
    void startsForAContainersHostName(@TempDir Path dir) throws Exception {
        M365Simulator simulator = M365SimulatorMain.start(M365SimulatorMain.parse(new String[] { "--port", "0",
                "--dir", dir.toString(), "--host", "m365-simulator" }));
        try {
            var env = new Properties();
            try (var reader = Files.newBufferedReader(dir.resolve("m365.env"))) {
                env.load(reader);
            }
            assertThat(env.getProperty("PROVHUB_M365_GRAPH_URL"))
                    .isEqualTo("https://m365-simulator:" + simulator.port() + "/v1.0");
            assertThat(env.getProperty("PROVHUB_M365_AUTHORITY_HOST"))
                    .isEqualTo("https://m365-simulator:" + simulator.port());

            var trustStore = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(Path.of(env.getProperty("PROVHUB_M365_TRUST_STORE")))) {
                trustStore.load(in, M365Simulator.STORE_PASSWORD.toCharArray());
            }
            var certificate = (X509Certificate) trustStore.getCertificate(trustStore.aliases().nextElement());
            List<String> names = certificate.getSubjectAlternativeNames().stream()
                    .map(name -> String.valueOf(name.get(1))).toList();
            assertThat(names).contains("m365-simulator", "localhost", "127.0.0.1");

            // it listens on every address, so the loopback address reaches it too
            try (var socket = new Socket(InetAddress.getLoopbackAddress(), simulator.port())) {
                assertThat(socket.isConnected()).isTrue();
            }
        } finally {
            M365SimulatorMain.stop(simulator);
        }
    }
}
