package dev.provhub.m365sim.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.http.GraphJson;
import dev.provhub.m365sim.http.JournalEntry;
import dev.provhub.m365sim.http.RequestJournal;
import dev.provhub.m365sim.tenant.RegisteredApplication;
import dev.provhub.m365sim.tenant.Tenant;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * The managed identity endpoint of a pod's host, as Azure App Service (and Container Apps) provide it: plain HTTP on
 * the loopback address, {@code GET /msi/token?resource=...&api-version=2019-08-01[&client_id=...]} with the header
 * {@code X-IDENTITY-HEADER}, the two reached through the environment variables {@code IDENTITY_ENDPOINT} and
 * {@code IDENTITY_HEADER}. The identity is an application of the tenant chosen with {@link #assign} (the
 * system-assigned identity); a {@code client_id} (a user-assigned identity) must name it. Tokens are those of the
 * token endpoint, for Microsoft Graph only; the answer's {@code expires_on} is in epoch seconds, as a string.
 */
public final class ManagedIdentityEndpoint implements AutoCloseable {

    public static final String API_VERSION = "2019-08-01";

    private final Vertx vertx;
    private final HttpServer server;
    private final String header = UUID.randomUUID().toString();
    private volatile String identityAppId;

    private ManagedIdentityEndpoint(Supplier<Tenant> tenant, AccessTokenIssuer issuer, Clock clock,
            RequestJournal journal) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        this.server = vertx.createHttpServer().requestHandler(request -> {
            long started = System.nanoTime();
            Answer answer = answer(request, tenant.get(), issuer, clock);
            request.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
                    .end(answer.body().toString());
            var headers = new LinkedHashMap<String, String>();
            request.headers().forEach(h -> headers.put(h.getKey(),
                    h.getKey().equalsIgnoreCase("X-IDENTITY-HEADER") ? "(hidden)" : h.getValue()));
            journal.record(new JournalEntry(clock.instant(), request.method().name(), request.path(),
                    request.query(), headers, answer.status(), 0, (System.nanoTime() - started) / 1_000_000,
                    UUID.randomUUID().toString(), false));
        });
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("the managed identity endpoint did not start", e);
        }
    }

    public static ManagedIdentityEndpoint start(Supplier<Tenant> tenant, AccessTokenIssuer issuer, Clock clock,
            RequestJournal journal) {
        return new ManagedIdentityEndpoint(tenant, issuer, clock, journal);
    }

    /** {@code IDENTITY_ENDPOINT}: {@code http://127.0.0.1:<port>/msi/token}. */
    public String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/msi/token";
    }

    /** {@code IDENTITY_HEADER}: the secret the host gives its pods. */
    public String header() {
        return header;
    }

    /** Makes the application with this appId the pod's identity; null: the pod has none. */
    public void assign(String appId) {
        this.identityAppId = appId;
    }

    private record Answer(int status, ObjectNode body) {
    }

    private Answer answer(HttpServerRequest request, Tenant tenant, AccessTokenIssuer issuer, Clock clock) {
        if (!request.method().name().equals("GET") || !request.path().equals("/msi/token")) {
            return error(404, "Not found: " + request.method() + " " + request.path());
        }
        if (!header.equals(request.getHeader("X-IDENTITY-HEADER"))) {
            return error(401, "The X-IDENTITY-HEADER header is missing or wrong.");
        }
        Map<String, String> query = new LinkedHashMap<>();
        request.params().forEach(p -> query.put(p.getKey(), p.getValue()));
        if (!API_VERSION.equals(query.get("api-version"))) {
            return error(400, "api-version must be " + API_VERSION + ", was " + query.get("api-version") + ".");
        }
        String resource = query.get("resource");
        if (resource == null || !(resource.equals(AccessTokenIssuer.GRAPH_AUDIENCE)
                || resource.equals(AccessTokenIssuer.GRAPH_AUDIENCE + "/"))) {
            return error(400, "AADSTS500011: The resource principal named " + resource
                    + " was not found in the tenant.");
        }
        String assigned = identityAppId;
        RegisteredApplication application = assigned == null ? null : tenant.application(assigned);
        if (application == null) {
            return error(400, "No managed identity is assigned to this host.");
        }
        String clientId = query.get("client_id");
        if (clientId != null && !clientId.equalsIgnoreCase(application.appId())) {
            return error(400, "No managed identity with client_id " + clientId + " is assigned to this host.");
        }
        ObjectNode body = GraphJson.object();
        body.put("access_token", issuer.issue(tenant, application, 2));
        body.put("expires_on", String.valueOf(Instant.now(clock).getEpochSecond()
                + AccessTokenIssuer.LIFETIME_SECONDS));
        body.put("resource", resource);
        body.put("token_type", "Bearer");
        body.put("client_id", application.appId());
        return new Answer(200, body);
    }

    private static Answer error(int status, String message) {
        ObjectNode body = GraphJson.object();
        body.put("statusCode", status);
        body.put("message", message);
        return new Answer(status, body);
    }

    @Override
    public void close() {
        vertx.close();
    }
}
