package dev.provhub.m365sim.http;

import java.time.Instant;
import java.util.Locale;

import dev.provhub.m365sim.identity.AccessTokenIssuer;
import dev.provhub.m365sim.identity.AppPrincipal;
import dev.provhub.m365sim.tenant.DirectoryObjectType;
import dev.provhub.m365sim.throttling.ResourceUnitBudget;
import dev.provhub.m365sim.throttling.ResourceUnitCost;

/**
 * Answers one Graph request the way Graph does, in Graph's order: the bearer token (401), the route (400/405), the
 * application permission (403), the resource-unit budget (429), then the operation. Every answer carries
 * {@code request-id}, {@code client-request-id} and {@code x-ms-resource-unit}, and goes to the journal.
 */
public final class GraphPipeline {

    private final GraphContext context;
    private final GraphRouter router;
    private final AccessTokenIssuer tokens;
    private final ResourceUnitBudget budget;
    private final RequestJournal journal;

    public GraphPipeline(GraphContext context, GraphRouter router, AccessTokenIssuer tokens, ResourceUnitBudget budget,
            RequestJournal journal) {
        this.context = context;
        this.router = router;
        this.tokens = tokens;
        this.budget = budget;
        this.journal = journal;
    }

    public GraphResponse handle(GraphRequest request, boolean batchStep) {
        long started = System.nanoTime();
        Instant now = context.clock().instant();
        int cost = 1;
        GraphResponse response;
        try {
            AppPrincipal principal = tokens.verify(request.header("Authorization"), context.tenant());
            GraphRouter.Match match = router.match(request.method(), request.path());
            GraphRoute route = match.route();
            if (!principal.hasAny(route.permissions())) {
                throw new GraphException(403, "Authorization_RequestDenied",
                        "Insufficient privileges to complete the operation.");
            }
            cost = ResourceUnitCost.of(request, Math.max(1, route.baseCost()));
            ResourceUnitBudget.Decision decision = null;
            if (route.baseCost() > 0) {
                decision = budget.charge(principal.appId(), cost, limit(), context.settings().throttlingWindow(), now);
                if (!decision.allowed()) {
                    throw throttled(request, principal, decision);
                }
            }
            response = route.handler().handle(new GraphCall(request, principal, match.parameters(), context));
            if (decision != null && decision.usedFraction() > 0.8) {
                response.header("x-ms-throttle-limit-percentage",
                        String.format(Locale.ROOT, "%.1f", Math.min(1.8, decision.usedFraction())));
            }
        } catch (GraphException e) {
            response = GraphErrors.response(e, request, now);
        } catch (RuntimeException e) {
            System.err.println("m365-simulator: " + request.method() + " " + request.path() + " failed: " + e);
            e.printStackTrace();
            response = GraphErrors.response(new GraphException(500, "InternalServerError",
                    "The simulator failed to answer: " + e.getClass().getSimpleName()), request, now);
        }
        response.header("request-id", request.requestId());
        response.header("client-request-id", request.clientRequestId());
        response.header("x-ms-ags-diagnostic", "{\"ServerInfo\":{\"DataCenter\":\"Simulated\",\"Slice\":\"E\"}}");
        response.header("x-ms-resource-unit", String.valueOf(cost));
        response.header("Cache-Control", "no-cache");
        if (response.jsonBody() != null) {
            response.header("OData-Version", "4.0");
        }
        journal.record(new JournalEntry(now, request.method(), "/" + request.version() + request.path(),
                request.rawQuery(), RequestJournal.withoutSecrets(request.headers()), response.status(), cost,
                (System.nanoTime() - started) / 1_000_000, request.requestId(), batchStep));
        return response;
    }

    /**
     * The {@code $batch} envelope: its token is checked like any request's, then {@code steps} answers it; the
     * envelope costs nothing, its steps are charged one by one.
     */
    public GraphResponse handleBatch(GraphRequest request, java.util.function.Function<GraphRequest, GraphResponse> steps) {
        Instant now = context.clock().instant();
        long started = System.nanoTime();
        GraphResponse response;
        try {
            tokens.verify(request.header("Authorization"), context.tenant());
            response = steps.apply(request);
        } catch (GraphException e) {
            response = GraphErrors.response(e, request, now);
        }
        response.header("request-id", request.requestId());
        response.header("client-request-id", request.clientRequestId());
        journal.record(new JournalEntry(now, request.method(), "/" + request.version() + request.path(),
                request.rawQuery(), RequestJournal.withoutSecrets(request.headers()), response.status(), 0,
                (System.nanoTime() - started) / 1_000_000, request.requestId(), false));
        return response;
    }

    private int limit() {
        Integer override = context.settings().resourceUnitLimitOverride();
        return override != null ? override
                : ResourceUnitBudget.limitForUsers(context.tenant().directory().count(DirectoryObjectType.USER));
    }

    private GraphException throttled(GraphRequest request, AppPrincipal principal,
            ResourceUnitBudget.Decision decision) {
        String limit = request.method().equals("GET") ? "Read" : "ReadWrite";
        // the body of throttling.md's sample response
        return new GraphException(429, "TooManyRequests", "Please retry again later.")
                .withInnerError("code", "429").withInnerError("message", "Please retry after")
                .withInnerError("status", "429")
                .withHeader("Retry-After", String.valueOf(decision.retryAfterSeconds()))
                .withHeader("x-ms-throttle-scope",
                        "Tenant_Application/" + limit + "/" + principal.appId() + "/" + principal.tenantId())
                .withHeader("x-ms-throttle-information", "ResourceUnitLimitExceeded")
                .withHeader("x-ms-throttle-limit-percentage", String.format(Locale.ROOT, "%.1f",
                        Math.min(1.8, (double) decision.cost() / decision.limit() + decision.usedFraction())));
    }
}
