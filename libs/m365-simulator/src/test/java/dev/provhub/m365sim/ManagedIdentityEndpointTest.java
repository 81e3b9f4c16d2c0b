package dev.provhub.m365sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.provhub.m365sim.identity.AccessTokenIssuer;

/**
 * The pods' host's managed identity endpoint (App Service style): a token for Graph to the identity assigned to the
 * host, which Graph accepts; refusals for a missing header, another API version or resource, a host without an
 * identity and another client id.
 */
class ManagedIdentityEndpointTest extends SchoolSimulatorTest {

    static final HttpClient PLAIN = HttpClient.newHttpClient();

    @BeforeEach
    void noIdentity() {
        simulator.managedIdentity().assign(null);
    }

    private static HttpResponse<String> token(String header, String apiVersion, String resource, String clientId)
            throws IOException, InterruptedException {
        String url = simulator.managedIdentity().url() + "?resource=" + URLEncoder.encode(resource,
                StandardCharsets.UTF_8) + "&api-version=" + apiVersion
                + (clientId == null ? "" : "&client_id=" + clientId);
        var request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (header != null) {
            request.header("X-IDENTITY-HEADER", header);
        }
        return PLAIN.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theHostsIdentityGetsAGraphTokenThatGraphAccepts() throws Exception {
        simulator.managedIdentity().assign(school.sync.appId());

        HttpResponse<String> answer = token(simulator.managedIdentity().header(), "2019-08-01",
                AccessTokenIssuer.GRAPH_AUDIENCE, null);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = SimulatorHttp.json(answer);
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("client_id").asText()).isEqualTo(school.sync.appId());
        assertThat(body.path("resource").asText()).isEqualTo(AccessTokenIssuer.GRAPH_AUDIENCE);
        assertThat(body.path("expires_on").isTextual()).as("epoch seconds as a string").isTrue();
        assertThat(Long.parseLong(body.path("expires_on").asText())).isGreaterThan(Instant.now().getEpochSecond());
        HttpResponse<String> groups = http.get("/groups", body.path("access_token").asText());
        assertThat(groups.statusCode()).as(groups.body()).isEqualTo(200);
        assertThat(token(simulator.managedIdentity().header(), "2019-08-01", AccessTokenIssuer.GRAPH_AUDIENCE,
                school.sync.appId()).statusCode()).as("its client id named").isEqualTo(200);
    }

    @Test
    void refusesWhatTheHostWouldRefuse() throws Exception {
        String header = simulator.managedIdentity().header();
        assertThat(token(header, "2019-08-01", AccessTokenIssuer.GRAPH_AUDIENCE, null).statusCode())
                .as("a host without an identity").isEqualTo(400);
        simulator.managedIdentity().assign(school.sync.appId());
        assertThat(token(null, "2019-08-01", AccessTokenIssuer.GRAPH_AUDIENCE, null).statusCode())
                .as("no X-IDENTITY-HEADER").isEqualTo(401);
        assertThat(token("wrong", "2019-08-01", AccessTokenIssuer.GRAPH_AUDIENCE, null).statusCode())
                .as("a wrong X-IDENTITY-HEADER").isEqualTo(401);
        assertThat(token(header, "2017-09-01", AccessTokenIssuer.GRAPH_AUDIENCE, null).statusCode())
                .as("another API version").isEqualTo(400);
        HttpResponse<String> vault = token(header, "2019-08-01", "https://vault.azure.net", null);
        assertThat(vault.statusCode()).isEqualTo(400);
        assertThat(vault.body()).contains("AADSTS500011");
        assertThat(token(header, "2019-08-01", AccessTokenIssuer.GRAPH_AUDIENCE,
                "00000000-0000-0000-0000-000000000001").statusCode()).as("another client id").isEqualTo(400);
        assertThat(simulator.journal().forPath("/msi/token")).allSatisfy(
                entry -> assertThat(entry.headers().values()).doesNotContain(header));
    }
}
