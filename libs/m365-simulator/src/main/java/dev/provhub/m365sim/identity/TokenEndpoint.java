package dev.provhub.m365sim.identity;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.http.GraphJson;
import dev.provhub.m365sim.tenant.ClientSecret;
import dev.provhub.m365sim.tenant.RegisteredApplication;
import dev.provhub.m365sim.tenant.Tenant;

/**
 * {@code POST /{tenant}/oauth2/v2.0/token} for the client credentials grant, with a client secret or with a client
 * assertion (a JWT signed by a certificate registered on the app). Refusals carry the documented {@code AADSTS}
 * codes.
 */
public final class TokenEndpoint {

    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** Client assertions may be at most this far in the future or the past (clock skew), as Entra allows. */
    private static final long SKEW_SECONDS = 300;

    private final AccessTokenIssuer issuer;
    private final Clock simulatorClock;
    private final Map<String, Long> usedAssertionIds = new LinkedHashMap<>();

    public TokenEndpoint(AccessTokenIssuer issuer, Clock simulatorClock) {
        this.issuer = issuer;
        this.simulatorClock = simulatorClock;
    }

    /**
     * @param tenantSegment the tenant as the URL names it (id or domain)
     * @param endpointBase {@code https://host:port}, to check the assertion's audience
     * @return the token response body
     */
    public ObjectNode token(Tenant tenant, String tenantSegment, Map<String, String> form, String endpointBase) {
        if (!tenantSegment.equalsIgnoreCase(tenant.id()) && !tenantSegment.equalsIgnoreCase(tenant.defaultDomain())) {
            throw new IdentityException(400, "invalid_request", 90002, "Tenant '" + tenantSegment + "' not found. "
                    + "Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
        }
        String grantType = required(form, "grant_type");
        if (!grantType.equals("client_credentials")) {
            throw new IdentityException(400, "unsupported_grant_type", 70003,
                    "The app requested an unsupported grant type '" + grantType + "'.");
        }
        String clientId = required(form, "client_id");
        RegisteredApplication application = tenant.application(clientId);
        if (application == null) {
            throw new IdentityException(400, "unauthorized_client", 700016, "Application with identifier '" + clientId
                    + "' was not found in the directory '" + tenant.displayName() + "'. This can happen if the "
                    + "application has not been installed by the administrator of the tenant or consented to by any "
                    + "user in the tenant. You may have sent your authentication request to the wrong tenant.");
        }
        checkScope(required(form, "scope"), tenant);
        String secret = form.get("client_secret");
        String assertion = form.get("client_assertion");
        int credentialType;
        if (secret != null && assertion != null) {
            throw new IdentityException(400, "invalid_request", 90023,
                    "Only one client credential may be sent: client_secret or client_assertion.");
        } else if (secret != null) {
            checkSecret(application, secret);
            credentialType = 1;
        } else if (assertion != null) {
            if (!JWT_BEARER.equals(form.get("client_assertion_type"))) {
                throw new IdentityException(400, "invalid_request", 50027, "Invalid client_assertion_type: expected '"
                        + JWT_BEARER + "'.");
            }
            checkAssertion(application, tenant, assertion, endpointBase);
            credentialType = 2;
        } else {
            throw new IdentityException(401, "invalid_client", 7000218,
                    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
        }
        ObjectNode response = GraphJson.object();
        response.put("token_type", "Bearer");
        response.put("expires_in", AccessTokenIssuer.LIFETIME_SECONDS);
        response.put("ext_expires_in", AccessTokenIssuer.LIFETIME_SECONDS);
        response.put("access_token", issuer.issue(tenant, application, credentialType));
        return response;
    }

    private static void checkScope(String scope, Tenant tenant) {
        // MSAL adds the OpenID Connect scopes to every request; Entra ignores them for client credentials.
        var resourceScopes = new java.util.ArrayList<String>();
        for (String part : scope.trim().split("\\s+")) {
            if (!Set.of("openid", "profile", "offline_access").contains(part)) {
                resourceScopes.add(part);
            }
        }
        String trimmed = resourceScopes.size() == 1 ? resourceScopes.get(0) : "";
        if (!trimmed.endsWith("/.default")) {
            throw new IdentityException(400, "invalid_scope", 1002012, "The provided value for scope " + scope
                    + " is not valid. Client credential flows must have a scope value with /.default suffixed to the "
                    + "resource identifier (application ID URI).");
        }
        String resource = trimmed.substring(0, trimmed.length() - "/.default".length());
        if (!resource.equals(AccessTokenIssuer.GRAPH_AUDIENCE) && !resource.equals("00000003-0000-0000-c000-000000000000")) {
            throw new IdentityException(400, "invalid_resource", 500011, "The resource principal named " + resource
                    + " was not found in the tenant named " + tenant.displayName() + ". This can happen if the "
                    + "application has not been installed by the administrator of the tenant or consented to by any "
                    + "user in the tenant. You might have sent your authentication request to the wrong tenant.");
        }
    }

    private void checkSecret(RegisteredApplication application, String secret) {
        boolean anyLive = false;
        for (ClientSecret candidate : application.secrets()) {
            boolean live = simulatorClock.instant().isBefore(candidate.endDateTime());
            anyLive |= live;
            if (MessageDigest.isEqual(candidate.value().getBytes(), secret.getBytes())) {
                if (!live) {
                    throw new IdentityException(401, "invalid_client", 7000222, "The provided client secret keys for "
                            + "app '" + application.appId() + "' are expired. Visit the Azure portal to create new "
                            + "keys for your app.");
                }
                return;
            }
        }
        if (!anyLive && !application.secrets().isEmpty()) {
            throw new IdentityException(401, "invalid_client", 7000222, "The provided client secret keys for app '"
                    + application.appId() + "' are expired. Visit the Azure portal to create new keys for your app.");
        }
        throw new IdentityException(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the "
                + "secret being sent in the request is the client secret value, not the client secret ID, for a "
                + "secret added to app '" + application.appId() + "'.");
    }

    private void checkAssertion(RegisteredApplication application, Tenant tenant, String assertion,
            String endpointBase) {
        SignedJwt jwt;
        try {
            jwt = SignedJwt.parse(assertion);
        } catch (IllegalArgumentException e) {
            throw new IdentityException(401, "invalid_client", 50027, "JWT token is invalid or malformed.");
        }
        X509Certificate certificate = registeredCertificate(application, jwt);
        if (!jwt.verifies(certificate.getPublicKey())) {
            throw new IdentityException(401, "invalid_client", 700027, "Client assertion failed signature validation.");
        }
        String audience = jwt.claim("aud");
        Set<String> audiences = Set.of(endpointBase + "/" + tenant.id() + "/oauth2/v2.0/token",
                endpointBase + "/" + tenant.defaultDomain() + "/oauth2/v2.0/token",
                endpointBase + "/" + tenant.id() + "/oauth2/token", endpointBase + "/" + tenant.id() + "/v2.0");
        if (audience == null || !audiences.contains(audience)) {
            throw new IdentityException(401, "invalid_client", 700027, "Client assertion contains an invalid audience "
                    + "'" + audience + "'; expected the token endpoint " + endpointBase + "/" + tenant.id()
                    + "/oauth2/v2.0/token.");
        }
        if (!application.appId().equalsIgnoreCase(jwt.claim("iss"))
                || !application.appId().equalsIgnoreCase(jwt.claim("sub"))) {
            throw new IdentityException(401, "invalid_client", 700023, "Client assertion issuer and subject must both "
                    + "be the client id '" + application.appId() + "'.");
        }
        // Clients sign assertions with their own clock, so lifetimes are checked against the wall clock: advancing
        // the simulator's clock must not make every client's assertion look stale.
        long now = Instant.now().getEpochSecond();
        Long exp = jwt.epochClaim("exp");
        Long nbf = jwt.epochClaim("nbf");
        if (exp == null || now > exp + SKEW_SECONDS || (nbf != null && now < nbf - SKEW_SECONDS)) {
            throw new IdentityException(401, "invalid_client", 700024, "Client assertion is not within its valid "
                    + "time range. Current time: " + Instant.ofEpochSecond(now) + ", assertion valid from "
                    + (nbf == null ? "-" : Instant.ofEpochSecond(nbf)) + ", expiry time of assertion "
                    + (exp == null ? "-" : Instant.ofEpochSecond(exp)) + ".");
        }
        String jti = jwt.claim("jti");
        if (jti == null || jti.isBlank()) {
            throw new IdentityException(401, "invalid_client", 700027, "Client assertion has no jti claim.");
        }
        rememberAssertionId(application.appId() + "/" + jti, exp, now);
    }

    private synchronized void rememberAssertionId(String key, long exp, long now) {
        for (Iterator<Map.Entry<String, Long>> entries = usedAssertionIds.entrySet().iterator(); entries.hasNext();) {
            if (entries.next().getValue() + SKEW_SECONDS < now) {
                entries.remove();
            }
        }
        if (usedAssertionIds.putIfAbsent(key, exp) != null) {
            throw new IdentityException(401, "invalid_client", 700027,
                    "Client assertion was already used: its jti must be unique.");
        }
    }

    private static X509Certificate registeredCertificate(RegisteredApplication application, SignedJwt jwt) {
        String x5t = jwt.headerText("x5t");
        String x5tS256 = jwt.headerText("x5t#S256");
        if (x5t == null && x5tS256 == null) {
            throw new IdentityException(401, "invalid_client", 700027, "Client assertion does not name its "
                    + "certificate: the header needs x5t or x5t#S256.");
        }
        for (X509Certificate certificate : application.certificates()) {
            if ((x5t != null && base64url(x5t).equals(thumbprint(certificate, "SHA-1")))
                    || (x5tS256 != null && base64url(x5tS256).equals(thumbprint(certificate, "SHA-256")))) {
                return certificate;
            }
        }
        throw new IdentityException(401, "invalid_client", 700027, "The certificate with identifier used to sign the "
                + "client assertion is not registered on application. [Reason - The key was not found., Thumbprint of "
                + "key used by client: '" + (x5t != null ? x5t : x5tS256) + "']");
    }

    /**
     * RFC 7515 wants base64url thumbprints, but MSAL4J sends {@code x5t#S256} in standard base64 and Entra accepts
     * it, so both spellings are taken.
     */
    private static String base64url(String thumbprint) {
        return thumbprint.replace('+', '-').replace('/', '_').replace("=", "");
    }

    /** The base64url digest of a certificate: what {@code x5t} (SHA-1) and {@code x5t#S256} carry. */
    public static String thumbprint(X509Certificate certificate, String digest) {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance(digest).digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String required(Map<String, String> form, String name) {
        String value = form.get(name);
        if (value == null || value.isBlank()) {
            throw new IdentityException(400, "invalid_request", 900144,
                    "The request body must contain the following parameter: '" + name + "'.");
        }
        return value;
    }
}
