package dev.provhub.m365sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.ClientSecretCredentialBuilder;

/**
 * azure-identity (MSAL) keeps an app token in its cache for its lifetime: a second request for the same scope
 * within that lifetime is answered from the cache and does not reach the token endpoint.
 */
class TokenCacheTest {

    static SchoolTenant school;
    static M365Simulator simulator;

    @BeforeAll
    static void start() {
        school = new SchoolTenant();
        simulator = M365Simulator.start(school.fixture());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    @ParameterizedTest(name = "CAE enabled: {0}")
    @ValueSource(booleans = { false, true })
    void aSecondTokenWithinTheLifetimeComesFromTheCache(boolean caeEnabled) {
        TokenCredential credential = new ClientSecretCredentialBuilder().authorityHost(simulator.baseUrl())
                .tenantId(simulator.tenantId()).clientId(school.sync.appId()).clientSecret(school.sync.secret())
                .disableInstanceDiscovery().httpClient(GraphSdkClients.azureHttpClient(simulator)).build();
        var context = new TokenRequestContext().addScopes("https://graph.microsoft.com/.default")
                .setCaeEnabled(caeEnabled);

        AccessToken first = credential.getTokenSync(context);
        AccessToken second = credential.getTokenSync(context);

        assertThat(second.getToken()).isEqualTo(first.getToken());
        assertThat(simulator.journal().forPath("/oauth2/v2.0/token")).hasSize(1);
    }
}
