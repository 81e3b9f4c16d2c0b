package dev.provhub.m365sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.microsoft.graph.serviceclient.GraphServiceClient;

import dev.provhub.graphsignin.CachingTokenCredential;

/**
 * An app token is fetched once and used for its lifetime: a second request for the same scope within that lifetime
 * does not reach the token endpoint, with or without CAE (the Graph SDK's authentication provider asks for CAE).
 */
class TokenCacheTest {

    static final String TOKEN_ENDPOINT = "/oauth2/v2.0/token";

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
        TokenCredential credential = CachingTokenCredential.forAuthorityHost(
                GraphSdkClients.secretCredential(simulator, school.sync), simulator.baseUrl());
        var context = graph().setCaeEnabled(caeEnabled);

        AccessToken first = credential.getTokenSync(context);
        AccessToken second = credential.getTokenSync(context);

        assertThat(simulator.journal().forPath(TOKEN_ENDPOINT)).as("token requests").hasSize(1);
        assertThat(second.getToken()).isEqualTo(first.getToken());
    }

    @Test
    void theGraphSdkSignsInOnceForSeveralCalls() {
        GraphServiceClient graph = GraphSdkClients.withSecret(simulator, school.sync);

        graph.groups().get();
        graph.users().get();
        graph.groups().byGroupId(school.pupils).get();

        assertThat(simulator.journal().forPath("/v1.0/")).hasSize(3);
        assertThat(simulator.journal().forPath(TOKEN_ENDPOINT)).as("token requests").hasSize(1);
    }

    /**
     * Why the credential is wrapped: MSAL4J files an app token under the authority's host ({@code localhost}) and
     * looks for it under host and port ({@code localhost:<port>}), so on its own it asks the token endpoint every
     * time (AzureAD/microsoft-authentication-library-for-java#529). Should this test fail after an upgrade, MSAL
     * has fixed it and {@link CachingTokenCredential} can go.
     */
    @Test
    void msalAloneFetchesATokenEveryTimeForAnAuthorityWithAPort() {
        TokenCredential credential = GraphSdkClients.secretCredential(simulator, school.sync);

        credential.getTokenSync(graph());
        credential.getTokenSync(graph());

        assertThat(simulator.journal().forPath(TOKEN_ENDPOINT)).as("token requests").hasSize(2);
    }

    static TokenRequestContext graph() {
        return new TokenRequestContext().addScopes("https://graph.microsoft.com/.default");
    }
}
