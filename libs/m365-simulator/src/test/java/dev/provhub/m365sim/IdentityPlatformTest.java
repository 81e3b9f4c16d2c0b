package dev.provhub.m365sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.localinfra.SelfSignedCertificate;
import dev.provhub.m365sim.http.GraphJson;
import dev.provhub.m365sim.identity.SignedJwt;
import dev.provhub.m365sim.identity.TokenEndpoint;

/** The token endpoint's refusals, each with its documented AADSTS code, and the claims of the tokens it issues. */
class IdentityPlatformTest {

    static SchoolTenant school;
    static M365Simulator simulator;
    static SimulatorHttp http;
    static PrivateKey syncKey;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        school = new SchoolTenant();
        simulator = M365Simulator.start(school.fixture());
        http = new SimulatorHttp(simulator);
        Path pfx = school.syncCertificatePfx(dir);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pfx)) {
            store.load(in, M365Simulator.STORE_PASSWORD.toCharArray());
        }
        syncKey = (PrivateKey) store.getKey("server", M365Simulator.STORE_PASSWORD.toCharArray());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    static int aadsts(HttpResponse<String> response) {
        return SimulatorHttp.json(response).path("error_codes").path(0).asInt();
    }

    Map<String, String> assertionForm(String assertion) {
        var form = new LinkedHashMap<String, String>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", school.sync.appId());
        form.put("scope", "https://graph.microsoft.com/.default");
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", assertion);
        return form;
    }

    /** A client assertion as MSAL builds it; each argument can be spoiled by a test. */
    String assertion(PrivateKey key, SelfSignedCertificate certificate, String audience, String subject,
            Instant expires, String jti) {
        ObjectNode header = GraphJson.object();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        header.put("x5t", TokenEndpoint.thumbprint(certificate.certificate(), "SHA-1"));
        ObjectNode claims = GraphJson.object();
        claims.put("aud", audience);
        claims.put("iss", school.sync.appId());
        claims.put("sub", subject);
        claims.put("jti", jti);
        claims.put("nbf", expires.minusSeconds(600).getEpochSecond());
        claims.put("exp", expires.getEpochSecond());
        return SignedJwt.sign(header, claims, key);
    }

    String validAssertion() {
        return assertion(syncKey, school.syncCertificate, simulator.tokenUrl(), school.sync.appId(),
                Instant.now().plusSeconds(600), UUID.randomUUID().toString());
    }

    @Test
    void issuesGraphTokensWithTheAppsRolesForASecret() {
        HttpResponse<String> response = http.token(SimulatorHttp.secretForm(school.sync));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = SimulatorHttp.json(response);
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asInt()).isEqualTo(3599);
        JsonNode claims = SignedJwt.parse(body.path("access_token").asText()).claims();
        assertThat(claims.path("aud").asText()).isEqualTo("https://graph.microsoft.com");
        assertThat(claims.path("tid").asText()).isEqualTo(simulator.tenantId());
        assertThat(claims.path("appid").asText()).isEqualTo(school.sync.appId());
        assertThat(claims.path("appidacr").asText()).isEqualTo("1");
        assertThat(claims.path("roles")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("GroupMember.Read.All", "User.Read.All");
    }

    @Test
    void issuesTokensForACertificateAssertionOnce() {
        String assertion = validAssertion();
        HttpResponse<String> first = http.token(assertionForm(assertion));
        HttpResponse<String> replayed = http.token(assertionForm(assertion));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(SignedJwt.parse(SimulatorHttp.json(first).path("access_token").asText()).claim("appidacr"))
                .isEqualTo("2");
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(aadsts(replayed)).isEqualTo(700027);
    }

    @Test
    void echoesTheClientRequestIdOnTokenResponsesAsEntraDoes() {
        var wrongSecret = SimulatorHttp.secretForm(school.sync);
        wrongSecret.put("client_secret", "not-the-secret");

        HttpResponse<String> issued = http.token(SimulatorHttp.secretForm(school.sync), "client-request-id",
                "5c1e4f0a-0d7b-4c38-9a52-2f3b7f0f6e11");
        HttpResponse<String> refused = http.token(wrongSecret, "client-request-id",
                "9b0e8d8e-71a4-4a50-a7f6-3d1c2b8e0f42");

        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(issued.headers().firstValue("client-request-id")).hasValue("5c1e4f0a-0d7b-4c38-9a52-2f3b7f0f6e11");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("client-request-id")).hasValue("9b0e8d8e-71a4-4a50-a7f6-3d1c2b8e0f42");
    }

    @Test
    void refusesAWrongSecretWith7000215() {
        var form = SimulatorHttp.secretForm(school.sync);
        form.put("client_secret", "not-the-secret");
        HttpResponse<String> response = http.token(form);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(SimulatorHttp.json(response).path("error").asText()).isEqualTo("invalid_client");
        assertThat(aadsts(response)).isEqualTo(7000215);
        assertThat(SimulatorHttp.json(response).path("error_description").asText()).startsWith("AADSTS7000215: ")
                .contains("Trace ID:", "Correlation ID:", "Timestamp:");
    }

    @Test
    void refusesAnUnknownClientWith700016() {
        var form = SimulatorHttp.secretForm(school.sync);
        form.put("client_id", UUID.randomUUID().toString());
        HttpResponse<String> response = http.token(form);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(SimulatorHttp.json(response).path("error").asText()).isEqualTo("unauthorized_client");
        assertThat(aadsts(response)).isEqualTo(700016);
    }

    @Test
    void refusesAnotherTenantAScopeWithoutDefaultAGrantAndNoCredential() {
        var form = SimulatorHttp.secretForm(school.sync);
        form.put("scope", "User.Read");
        assertThat(aadsts(http.token(form))).isEqualTo(1002012);
        form = SimulatorHttp.secretForm(school.sync);
        form.put("grant_type", "password");
        assertThat(aadsts(http.token(form))).isEqualTo(70003);
        form = SimulatorHttp.secretForm(school.sync);
        form.remove("client_secret");
        HttpResponse<String> none = http.token(form);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(aadsts(none)).isEqualTo(7000218);
        HttpResponse<String> otherTenant = new SimulatorHttp(simulator).send("POST", simulator.baseUrl() + "/"
                + UUID.randomUUID() + "/oauth2/v2.0/token", null, "application/x-www-form-urlencoded",
                "grant_type=client_credentials");
        assertThat(otherTenant.statusCode()).isEqualTo(400);
        assertThat(aadsts(otherTenant)).isEqualTo(90002);
    }

    @Test
    void refusesAssertionsSignedByAnUnregisteredCertificateOrWithBadClaims() {
        var stranger = SelfSignedCertificate.forLocalhost();
        String unregistered = assertion(syncKey, stranger, simulator.tokenUrl(), school.sync.appId(),
                Instant.now().plusSeconds(600), UUID.randomUUID().toString());
        String wrongAudience = assertion(syncKey, school.syncCertificate, "https://login.microsoftonline.com/x",
                school.sync.appId(), Instant.now().plusSeconds(600), UUID.randomUUID().toString());
        String wrongSubject = assertion(syncKey, school.syncCertificate, simulator.tokenUrl(), "someone",
                Instant.now().plusSeconds(600), UUID.randomUUID().toString());
        String expired = assertion(syncKey, school.syncCertificate, simulator.tokenUrl(), school.sync.appId(),
                Instant.now().minusSeconds(3600), UUID.randomUUID().toString());
        String valid = validAssertion();
        String badSignature = valid.substring(0, valid.lastIndexOf('.') + 1) + "AAAA" + valid.substring(
                valid.lastIndexOf('.') + 5);

        assertThat(aadsts(http.token(assertionForm(unregistered)))).isEqualTo(700027);
        assertThat(aadsts(http.token(assertionForm(wrongAudience)))).isEqualTo(700027);
        assertThat(aadsts(http.token(assertionForm(wrongSubject)))).isEqualTo(700023);
        assertThat(aadsts(http.token(assertionForm(expired)))).isEqualTo(700024);
        assertThat(aadsts(http.token(assertionForm(badSignature)))).isEqualTo(700027);
        assertThat(aadsts(http.token(assertionForm("not-a-jwt")))).isEqualTo(50027);
        assertThat(http.token(assertionForm(expired)).statusCode()).isEqualTo(401);
    }

    @Test
    void graphRefusesMissingForgedAndExpiredTokensWith401() {
        String token = http.accessToken(school.sync);
        var forged = SignedJwt.parse(token);
        ObjectNode claims = forged.claims().deepCopy();
        claims.put("roles", "Directory.ReadWrite.All");
        String forgedToken = SignedJwt.sign(forged.header(), claims, syncKey);

        for (HttpResponse<String> response : new HttpResponse[] { http.get("/groups", null),
                http.get("/groups", "garbage"), http.get("/groups", forgedToken) }) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(SimulatorHttp.errorCode(response)).isEqualTo("InvalidAuthenticationToken");
            assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        }
        assertThat(http.get("/groups", token).statusCode()).isEqualTo(200);
        simulator.clock().advance(Duration.ofMinutes(61));
        HttpResponse<String> expired = http.get("/groups", token);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(SimulatorHttp.json(expired).path("error").path("message").asText()).contains("expired");
    }

    @Test
    void graphRefusesAnAppWithoutTheNeededPermissionWith403() {
        HttpResponse<String> groups = http.get("/groups", http.accessToken(school.unprivileged));
        HttpResponse<String> principals = http.get("/servicePrincipals", http.accessToken(school.sync));

        assertThat(groups.statusCode()).isEqualTo(403);
        assertThat(SimulatorHttp.errorCode(groups)).isEqualTo("Authorization_RequestDenied");
        assertThat(principals.statusCode()).isEqualTo(403);
    }

    @Test
    void servesOpenIdConfigurationForTheAuthority() {
        HttpResponse<String> response = http.send("GET", simulator.authority()
                + "/v2.0/.well-known/openid-configuration", null, null, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SimulatorHttp.json(response).path("token_endpoint").asText()).isEqualTo(simulator.tokenUrl());
    }
}
