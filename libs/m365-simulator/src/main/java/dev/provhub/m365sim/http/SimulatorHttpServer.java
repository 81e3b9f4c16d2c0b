package dev.provhub.m365sim.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The HTTPS front: takes requests on one port for the identity platform ({@code /{tenant}/oauth2/v2.0/token} and
 * its metadata) and Microsoft Graph ({@code /v1.0/...}, {@code /beta/...}), applies injected faults first, and hands
 * the rest to {@link Endpoints}.
 */
public final class SimulatorHttpServer implements AutoCloseable {

    /** What the server delegates to; the simulator implements it. */
    public interface Endpoints {
        /** A Graph request (not {@code $batch}). */
        GraphResponse graph(GraphRequest request);

        /** {@code POST /{version}/$batch}. */
        GraphResponse batch(GraphRequest request);

        /** Everything that is not Graph: token endpoint, metadata. */
        GraphResponse identity(String method, String path, Map<String, String> form, Map<String, String> headers);
    }

    private final Vertx vertx;
    private final HttpServer server;
    private final Faults faults;
    private final RequestJournal journal;
    private final Function<Void, Instant> now;

    private SimulatorHttpServer(Vertx vertx, HttpServer server, Faults faults, RequestJournal journal,
            Function<Void, Instant> now) {
        this.vertx = vertx;
        this.server = server;
        this.faults = faults;
        this.journal = journal;
        this.now = now;
    }

    public static SimulatorHttpServer start(int port, Path keyStore, String keyStorePassword, Endpoints endpoints,
            Faults faults, RequestJournal journal, java.time.Clock clock) {
        return start("127.0.0.1", port, keyStore, keyStorePassword, endpoints, faults, journal, clock);
    }

    /** @param bindAddress where to listen: {@code 127.0.0.1}, or {@code 0.0.0.0} in a container */
    public static SimulatorHttpServer start(String bindAddress, int port, Path keyStore, String keyStorePassword,
            Endpoints endpoints, Faults faults, RequestJournal journal, java.time.Clock clock) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2));
        var options = new HttpServerOptions().setHost(bindAddress).setPort(port).setSsl(true)
                .setKeyCertOptions(new PfxOptions().setPath(keyStore.toString()).setPassword(keyStorePassword))
                .setCompressionSupported(true).setIdleTimeout(120).setIdleTimeoutUnit(TimeUnit.SECONDS);
        HttpServer server = vertx.createHttpServer(options);
        var holder = new SimulatorHttpServer[1];
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(16L * 1024 * 1024));
        router.route().handler(context -> holder[0].handle(context, endpoints));
        server.requestHandler(router);
        holder[0] = new SimulatorHttpServer(vertx, server, faults, journal, unused -> clock.instant());
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("could not start the simulator's HTTPS server on port " + port, e);
        }
        return holder[0];
    }

    public int port() {
        return server.actualPort();
    }

    private void handle(RoutingContext context, Endpoints endpoints) {
        String path = context.request().path();
        Fault fault = faults.take(path);
        if (fault == null) {
            dispatch(context, endpoints);
            return;
        }
        switch (fault.kind()) {
            case LATENCY -> vertx.setTimer(Math.max(1, fault.latency().toMillis()), id -> dispatch(context, endpoints));
            case CONNECTION_RESET -> {
                journalFault(context, 0);
                context.request().connection().close();
            }
            case MALFORMED_BODY -> {
                journalFault(context, 200);
                write(context, GraphResponse.raw(200, GraphResponse.ODATA_JSON,
                        "{\"value\":[{\"id\":\"".getBytes(StandardCharsets.UTF_8)));
            }
            case STATUS -> {
                journalFault(context, fault.status());
                GraphResponse response = GraphErrors.response(fault.status(), faultCode(fault.status()),
                        "Injected fault: HTTP " + fault.status() + ".", UUID.randomUUID().toString(),
                        clientRequestId(context), now.apply(null), Map.of());
                if (fault.retryAfterSeconds() != null) {
                    response.header("Retry-After", String.valueOf(fault.retryAfterSeconds()));
                }
                write(context, response);
            }
        }
    }

    private static String faultCode(int status) {
        return switch (status) {
            case 429 -> "TooManyRequests";
            case 500 -> "InternalServerError";
            case 502 -> "BadGateway";
            case 503 -> "ServiceUnavailable";
            case 504 -> "GatewayTimeout";
            default -> "UnknownError";
        };
    }

    private void dispatch(RoutingContext context, Endpoints endpoints) {
        GraphResponse response;
        try {
            response = route(context, endpoints);
        } catch (GraphException e) {
            response = GraphErrors.response(e.status(), e.code(), e.getMessage(), UUID.randomUUID().toString(),
                    clientRequestId(context), now.apply(null), e.headers());
        }
        write(context, response);
    }

    private GraphResponse route(RoutingContext context, Endpoints endpoints) {
        String path = context.request().path();
        String method = context.request().method().name();
        var headers = new LinkedHashMap<String, String>();
        context.request().headers().forEach(header -> headers.merge(header.getKey(), header.getValue(),
                (a, b) -> a + "," + b));
        for (String version : new String[] { "/v1.0", "/beta" }) {
            if (path.equals(version) || path.startsWith(version + "/")) {
                String rest = path.substring(version.length());
                String query = context.request().query();
                Buffer body = context.body() == null ? null : context.body().buffer();
                GraphRequest request = GraphRequest.of(method, version.substring(1),
                        rest + (query == null ? "" : "?" + query), headers,
                        body == null ? new byte[0] : body.getBytes(), UUID.randomUUID().toString(),
                        headers.getOrDefault("client-request-id", UUID.randomUUID().toString()));
                if (request.path().equalsIgnoreCase("/$batch")) {
                    return endpoints.batch(request);
                }
                return endpoints.graph(request);
            }
        }
        var form = new LinkedHashMap<String, String>();
        context.request().formAttributes().forEach(entry -> form.put(entry.getKey(), entry.getValue()));
        long started = System.nanoTime();
        GraphResponse response = endpoints.identity(method, path, form, headers);
        journal.record(new JournalEntry(now.apply(null), method, path, context.request().query(),
                RequestJournal.withoutSecrets(headers), response.status(), 0,
                (System.nanoTime() - started) / 1_000_000, UUID.randomUUID().toString(), false));
        return response;
    }

    private void journalFault(RoutingContext context, int status) {
        var headers = new LinkedHashMap<String, String>();
        context.request().headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
        journal.record(new JournalEntry(now.apply(null), context.request().method().name(), context.request().path(),
                context.request().query(), RequestJournal.withoutSecrets(headers), status, 0, 0,
                UUID.randomUUID().toString(), false));
    }

    private static String clientRequestId(RoutingContext context) {
        String id = context.request().getHeader("client-request-id");
        return id == null ? UUID.randomUUID().toString() : id;
    }

    private static void write(RoutingContext context, GraphResponse response) {
        var http = context.response().setStatusCode(response.status());
        response.headers().forEach(http::putHeader);
        http.end(Buffer.buffer(response.body()));
    }

    @Override
    public void close() {
        CompletableFuture<Void> closed = vertx.close().toCompletionStage().toCompletableFuture();
        try {
            closed.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing is best effort: the JVM may be exiting
        }
    }
}
