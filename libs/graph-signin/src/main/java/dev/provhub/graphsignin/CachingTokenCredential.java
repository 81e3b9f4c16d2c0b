package dev.provhub.graphsignin;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;

import reactor.core.publisher.Mono;

/**
 * Keeps the access tokens a credential hands out and hands them out again until five minutes before they expire
 * (azure-identity's own margin), per scopes, tenant and CAE setting. A request with claims (a CAE claims challenge)
 * always goes to the credential, and its token replaces the kept one.
 * <p>
 * Needed because MSAL4J (1.23 to 1.30 at least) never finds an app token in its cache when the authority URL has a
 * port: with instance discovery disabled it files the token under the authority's host ({@code localhost}) and
 * looks for it under host and port ({@code localhost:8443}), so every {@code getToken} asks the token endpoint
 * again (AzureAD/microsoft-authentication-library-for-java#529). The Graph SDK's
 * {@code AzureIdentityAuthenticationProvider} asks the credential for a token on every request, so without this
 * each Graph call costs a token request against the Microsoft 365 simulator.
 */
public final class CachingTokenCredential implements TokenCredential {

    /** azure-identity renews a token this long before it expires. */
    static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);

    private final TokenCredential credential;
    private final Clock clock;
    private final Map<Key, AccessToken> tokens = new ConcurrentHashMap<>();

    CachingTokenCredential(TokenCredential credential, Clock clock) {
        this.credential = credential;
        this.clock = clock;
    }

    /**
     * The credential as it is when MSAL's cache works for this authority host (no port, e.g.
     * {@code https://login.microsoftonline.com}), else the credential with its tokens kept here.
     */
    public static TokenCredential forAuthorityHost(TokenCredential credential, String authorityHost) {
        if (authorityHost == null || URI.create(authorityHost).getPort() == -1) {
            return credential;
        }
        return new CachingTokenCredential(credential, Clock.systemUTC());
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.defer(() -> {
            Key key = Key.of(request);
            AccessToken kept = usable(key, request);
            if (kept != null) {
                return Mono.just(kept);
            }
            return credential.getToken(request).doOnNext(token -> tokens.put(key, token));
        });
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        Key key = Key.of(request);
        AccessToken kept = usable(key, request);
        if (kept != null) {
            return kept;
        }
        AccessToken token = credential.getTokenSync(request);
        tokens.put(key, token);
        return token;
    }

    private AccessToken usable(Key key, TokenRequestContext request) {
        if (request.getClaims() != null) {
            return null;
        }
        AccessToken token = tokens.get(key);
        if (token == null) {
            return null;
        }
        Instant renewAt = token.getExpiresAt().toInstant().minus(RENEW_BEFORE_EXPIRY);
        return clock.instant().isBefore(renewAt) ? token : null;
    }

    private record Key(List<String> scopes, String tenantId, boolean caeEnabled) {

        static Key of(TokenRequestContext request) {
            return new Key(request.getScopes().stream().sorted().toList(), request.getTenantId(),
                    request.isCaeEnabled());
        }
    }
}
