package dev.provhub.graphsignin;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

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
 * <p>
 * The lifetime a token has left when it arrives is counted on the clock given, so that a service whose tests run
 * it on the simulator's clock sees tokens expire when the simulator does; a clock that goes back (a simulator
 * reset) also fetches a new token.
 */
public final class CachingTokenCredential implements TokenCredential {

    /** azure-identity renews a token this long before it expires. */
    static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);

    private final TokenCredential credential;
    private final Supplier<Instant> clock;
    private final Map<Key, Kept> tokens = new ConcurrentHashMap<>();

    CachingTokenCredential(TokenCredential credential, Supplier<Instant> clock) {
        this.credential = credential;
        this.clock = clock;
    }

    /**
     * The credential as it is when MSAL's cache works for this authority host (no port, e.g.
     * {@code https://login.microsoftonline.com}), else the credential with its tokens kept here.
     */
    public static TokenCredential forAuthorityHost(TokenCredential credential, String authorityHost) {
        return forAuthorityHost(credential, authorityHost, Instant::now);
    }

    /** @param clock the time tokens' lifetimes are counted on */
    public static TokenCredential forAuthorityHost(TokenCredential credential, String authorityHost,
            Supplier<Instant> clock) {
        if (authorityHost == null || URI.create(authorityHost).getPort() == -1) {
            return credential;
        }
        return new CachingTokenCredential(credential, clock);
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.defer(() -> {
            Key key = Key.of(request);
            AccessToken kept = usable(key, request);
            if (kept != null) {
                return Mono.just(kept);
            }
            return credential.getToken(request).doOnNext(token -> keep(key, token));
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
        keep(key, token);
        return token;
    }

    private void keep(Key key, AccessToken token) {
        Duration left = Duration.between(Instant.now(), token.getExpiresAt().toInstant());
        Instant now = clock.get();
        tokens.put(key, new Kept(token, now, now.plus(left).minus(RENEW_BEFORE_EXPIRY)));
    }

    private AccessToken usable(Key key, TokenRequestContext request) {
        if (request.getClaims() != null) {
            return null;
        }
        Kept kept = tokens.get(key);
        if (kept == null) {
            return null;
        }
        Instant now = clock.get();
        return !now.isBefore(kept.arrived()) && now.isBefore(kept.renewAt()) ? kept.token() : null;
    }

    private record Kept(AccessToken token, Instant arrived, Instant renewAt) {
    }

    private record Key(List<String> scopes, String tenantId, boolean caeEnabled) {

        static Key of(TokenRequestContext request) {
            return new Key(request.getScopes().stream().sorted().toList(), request.getTenantId(),
                    request.isCaeEnabled());
        }
    }
}
