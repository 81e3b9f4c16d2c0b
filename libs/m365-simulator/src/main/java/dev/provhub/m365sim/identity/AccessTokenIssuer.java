package dev.provhub.m365sim.identity;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.http.GraphException;
import dev.provhub.m365sim.http.GraphJson;
import dev.provhub.m365sim.tenant.RegisteredApplication;
import dev.provhub.m365sim.tenant.Tenant;

/**
 * Issues app-only access tokens for Microsoft Graph, signed with a key made at start, and verifies the tokens
 * Graph calls bring. Claims follow the v1.0 tokens Microsoft issues for Graph: {@code aud}, {@code iss},
 * {@code tid}, {@code appid}, {@code appidacr}, {@code oid}, {@code roles}, {@code nbf}, {@code exp}.
 */
public final class AccessTokenIssuer {

    public static final String GRAPH_AUDIENCE = "https://graph.microsoft.com";
    /** One hour less a second, as Microsoft's {@code expires_in} says. */
    public static final long LIFETIME_SECONDS = 3599;

    private final KeyPair keyPair;
    private final String keyId = UUID.randomUUID().toString().replace("-", "");
    private final Clock clock;

    public AccessTokenIssuer(Clock clock) {
        this.clock = clock;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keyPair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param credentialType {@code 1} for a client secret, {@code 2} for a certificate (the {@code appidacr} claim)
     */
    public String issue(Tenant tenant, RegisteredApplication application, int credentialType) {
        Instant now = clock.instant();
        ObjectNode header = GraphJson.object();
        header.put("typ", "JWT");
        header.put("alg", "RS256");
        header.put("kid", keyId);
        ObjectNode claims = GraphJson.object();
        claims.put("aud", GRAPH_AUDIENCE);
        claims.put("iss", "https://sts.windows.net/" + tenant.id() + "/");
        claims.put("iat", now.getEpochSecond());
        claims.put("nbf", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + LIFETIME_SECONDS);
        claims.put("app_displayname", application.displayName());
        claims.put("appid", application.appId());
        claims.put("appidacr", String.valueOf(credentialType));
        claims.put("idp", "https://sts.windows.net/" + tenant.id() + "/");
        claims.put("idtyp", "app");
        claims.put("oid", application.servicePrincipalId());
        ArrayNode roles = claims.putArray("roles");
        application.permissions().stream().sorted().forEach(roles::add);
        claims.put("sub", application.servicePrincipalId());
        claims.put("tid", tenant.id());
        claims.put("uti", UUID.randomUUID().toString().replace("-", ""));
        claims.put("ver", "1.0");
        return SignedJwt.sign(header, claims, keyPair.getPrivate());
    }

    /**
     * The principal of a bearer token for Graph in this tenant.
     *
     * @throws GraphException 401 {@code InvalidAuthenticationToken} when the token is missing, malformed, not
     *         signed by this simulator, for another audience or tenant, or outside its lifetime
     */
    public AppPrincipal verify(String authorization, Tenant tenant) {
        if (authorization == null || authorization.isBlank()) {
            throw invalid("Access token is empty.");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw invalid("Access token validation failure. The Authorization header must use the Bearer scheme.");
        }
        SignedJwt token;
        try {
            token = SignedJwt.parse(authorization.substring(7).trim());
        } catch (IllegalArgumentException e) {
            throw invalid("IDX14100: JWT is not well formed, there are no dots (.). The token needs to be in JWS or "
                    + "JWE Compact Serialization Format.");
        }
        if (!"RS256".equals(token.headerText("alg")) || !token.verifies(keyPair.getPublic())) {
            throw invalid("Access token validation failure. Invalid signature.");
        }
        if (!GRAPH_AUDIENCE.equals(token.claim("aud"))
                && !"00000003-0000-0000-c000-000000000000".equals(token.claim("aud"))) {
            throw invalid("Access token validation failure. Invalid audience.");
        }
        if (!tenant.id().equals(token.claim("tid"))) {
            throw invalid("Access token validation failure. Invalid issuer.");
        }
        long now = clock.instant().getEpochSecond();
        Long exp = token.epochClaim("exp");
        Long nbf = token.epochClaim("nbf");
        if (exp == null || now >= exp) {
            throw invalid("Lifetime validation failed, the token is expired.");
        }
        if (nbf != null && now < nbf - 300) {
            throw invalid("Lifetime validation failed, the token is not yet valid.");
        }
        var roles = new LinkedHashSet<String>();
        token.claims().path("roles").forEach(role -> roles.add(role.asText()));
        return new AppPrincipal(tenant.id(), token.claim("appid"), token.claim("oid"), roles);
    }

    private static GraphException invalid(String message) {
        return new GraphException(401, "InvalidAuthenticationToken", message).withHeader("WWW-Authenticate",
                "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", "
                        + "client_id=\"00000003-0000-0000-c000-000000000000\"");
    }
}
