package dev.provhub.m365sim;

import java.time.Clock;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.http.GraphJson;
import dev.provhub.m365sim.http.GraphResponse;
import dev.provhub.m365sim.identity.IdentityErrors;
import dev.provhub.m365sim.identity.IdentityException;
import dev.provhub.m365sim.identity.TokenEndpoint;
import dev.provhub.m365sim.tenant.Tenant;

/**
 * The Microsoft identity platform's side of the simulator: the token endpoint, and the OpenID configuration and
 * instance discovery documents MSAL may ask the authority host for (clients should still set
 * {@code disableInstanceDiscovery()}: MSAL asks login.microsoftonline.com for unknown hosts).
 */
final class IdentityPlatform {

    private final TokenEndpoint tokens;
    private final Clock clock;

    IdentityPlatform(TokenEndpoint tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    GraphResponse handle(Tenant tenant, String baseUrl, String method, String path, Map<String, String> form,
            Map<String, String> headers) {
        String[] segments = path.substring(1).split("/");
        if (method.equals("POST") && segments.length == 4 && segments[1].equals("oauth2")
                && segments[2].equals("v2.0") && segments[3].equals("token")) {
            String clientRequestId = header(headers, "client-request-id");
            String correlation = clientRequestId != null ? clientRequestId : java.util.UUID.randomUUID().toString();
            GraphResponse response;
            if (!String.valueOf(headers.getOrDefault("Content-Type", headers.getOrDefault("content-type", "")))
                    .toLowerCase().startsWith("application/x-www-form-urlencoded")) {
                response = error(new IdentityException(400, "invalid_request", 900144,
                        "The request body must contain the following parameter: 'grant_type'."), correlation);
            } else {
                try {
                    response = noStore(GraphResponse.json(200, tokens.token(tenant, segments[0], form, baseUrl)));
                } catch (IdentityException e) {
                    response = error(e, correlation);
                }
            }
            // Entra echoes the client's request id on token responses; MSAL compares the two and logs when they
            // differ ("Correlation Id is not same as received")
            return clientRequestId == null ? response : response.header("client-request-id", clientRequestId);
        }
        if (method.equals("GET") && path.endsWith("/v2.0/.well-known/openid-configuration") && segments.length == 4) {
            return GraphResponse.json(200, openIdConfiguration(baseUrl, segments[0], tenant));
        }
        if (method.equals("GET") && path.equals("/common/discovery/instance")) {
            return GraphResponse.json(200, instanceDiscovery(baseUrl));
        }
        ObjectNode body = GraphJson.object();
        body.put("error", "not_found");
        body.put("error_description", "The simulator has no endpoint " + method + " " + path + ".");
        return GraphResponse.json(404, body);
    }

    private static String header(Map<String, String> headers, String name) {
        return headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private GraphResponse error(IdentityException error, String correlation) {
        return noStore(GraphResponse.json(error.status(), IdentityErrors.body(error, correlation, clock.instant())));
    }

    private static GraphResponse noStore(GraphResponse response) {
        return response.header("Cache-Control", "no-store, no-cache").header("Pragma", "no-cache");
    }

    private static ObjectNode openIdConfiguration(String baseUrl, String tenantSegment, Tenant tenant) {
        ObjectNode configuration = GraphJson.object();
        String authority = baseUrl + "/" + tenantSegment;
        configuration.put("token_endpoint", authority + "/oauth2/v2.0/token");
        configuration.putArray("token_endpoint_auth_methods_supported").add("client_secret_post")
                .add("private_key_jwt").add("client_secret_basic");
        configuration.put("jwks_uri", authority + "/discovery/v2.0/keys");
        configuration.put("issuer", baseUrl + "/" + tenant.id() + "/v2.0");
        configuration.put("authorization_endpoint", authority + "/oauth2/v2.0/authorize");
        configuration.putArray("id_token_signing_alg_values_supported").add("RS256");
        configuration.put("tenant_region_scope", "EU");
        configuration.put("cloud_instance_name", "microsoftonline.com");
        configuration.put("msgraph_host", "graph.microsoft.com");
        return configuration;
    }

    private static ObjectNode instanceDiscovery(String baseUrl) {
        String host = baseUrl.substring("https://".length());
        ObjectNode discovery = GraphJson.object();
        discovery.put("tenant_discovery_endpoint", baseUrl + "/common/v2.0/.well-known/openid-configuration");
        discovery.put("api-version", "1.1");
        ObjectNode metadata = discovery.putArray("metadata").addObject();
        metadata.put("preferred_network", host);
        metadata.put("preferred_cache", host);
        metadata.putArray("aliases").add(host);
        return discovery;
    }
}
