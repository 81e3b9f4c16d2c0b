package dev.provhub.m365sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
}
