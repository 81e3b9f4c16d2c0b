package dev.provhub.graphsignin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;

import reactor.core.publisher.Mono;

class CachingTokenCredentialTest {

    static final String GRAPH = "https://graph.microsoft.com/.default";

    /** The service's clock, a day ahead of the wall clock MSAL dates tokens by, as a simulator's clock may be. */
    final MovableClock clock = new MovableClock(Instant.now().plus(Duration.ofDays(1)));
    final CountingCredential credential = new CountingCredential();
    final CachingTokenCredential caching = new CachingTokenCredential(credential, clock::instant);

    @Test
    void handsOutTheSameTokenWithinItsLifetime() {
        AccessToken first = caching.getTokenSync(graph());
        clock.advance(Duration.ofMinutes(54));
        AccessToken second = caching.getTokenSync(graph());

        assertThat(second).isSameAs(first);
        assertThat(credential.requests).hasSize(1);
    }

    @Test
    void asksAgainFiveMinutesBeforeTheTokenExpires() {
        AccessToken first = caching.getTokenSync(graph());
        clock.advance(Duration.ofMinutes(55));
        AccessToken second = caching.getTokenSync(graph());
        AccessToken third = caching.getTokenSync(graph());

        assertThat(second).isNotSameAs(first);
        assertThat(third).isSameAs(second);
        assertThat(credential.requests).hasSize(2);
    }

    @Test
    void aClockThatWentBackFetchesANewToken() {
        AccessToken first = caching.getTokenSync(graph());
        clock.advance(Duration.ofMinutes(-1));
        AccessToken second = caching.getTokenSync(graph());

        assertThat(second).isNotSameAs(first);
        assertThat(credential.requests).hasSize(2);
    }

    @Test
    void keepsTokensPerScopesTenantAndCaeSetting() {
        caching.getTokenSync(graph());
        caching.getTokenSync(graph().setCaeEnabled(true));
        caching.getTokenSync(graph().setTenantId("other-tenant"));
        caching.getTokenSync(new TokenRequestContext().addScopes("https://example.org/.default"));
        caching.getTokenSync(graph().setCaeEnabled(true));

        assertThat(credential.requests).hasSize(4);
    }

    @Test
    void aClaimsChallengeAlwaysGetsANewTokenThatReplacesTheKeptOne() {
        caching.getTokenSync(graph().setCaeEnabled(true));
        AccessToken challenged = caching.getTokenSync(graph().setCaeEnabled(true).setClaims("{\"access_token\":{}}"));
        AccessToken after = caching.getTokenSync(graph().setCaeEnabled(true));

        assertThat(after).isSameAs(challenged);
        assertThat(credential.requests).hasSize(2);
    }

    @Test
    void theAsynchronousCallKeepsTokensToo() {
        AccessToken first = caching.getToken(graph()).block();
        AccessToken second = caching.getToken(graph()).block();
        AccessToken third = caching.getTokenSync(graph());

        assertThat(second).isSameAs(first);
        assertThat(third).isSameAs(first);
        assertThat(credential.requests).hasSize(1);
    }

    @Test
    void onlyAuthorityHostsWithAPortGetTheCache() {
        assertThat(CachingTokenCredential.forAuthorityHost(credential, "https://login.microsoftonline.com"))
                .isSameAs(credential);
        assertThat(CachingTokenCredential.forAuthorityHost(credential, "https://localhost:8443"))
                .isInstanceOf(CachingTokenCredential.class);
    }

    static TokenRequestContext graph() {
        return new TokenRequestContext().addScopes(GRAPH);
    }

    /** Hands out a new one-hour token for every request, dated by the wall clock as MSAL does. */
    static final class CountingCredential implements TokenCredential {

        final List<TokenRequestContext> requests = new ArrayList<>();

        @Override
        public Mono<AccessToken> getToken(TokenRequestContext request) {
            return Mono.fromCallable(() -> getTokenSync(request));
        }

        @Override
        public AccessToken getTokenSync(TokenRequestContext request) {
            requests.add(request);
            return new AccessToken("token-" + requests.size(),
                    OffsetDateTime.ofInstant(Instant.now().plusSeconds(3599), ZoneOffset.UTC));
        }
    }

    static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
