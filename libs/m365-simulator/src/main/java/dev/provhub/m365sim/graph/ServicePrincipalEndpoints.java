package dev.provhub.m365sim.graph;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.http.GraphCall;
import dev.provhub.m365sim.http.GraphException;
import dev.provhub.m365sim.http.GraphResponse;
import dev.provhub.m365sim.http.GraphRoute;
import dev.provhub.m365sim.http.GraphRouter;
import dev.provhub.m365sim.tenant.DirectoryObject;
import dev.provhub.m365sim.tenant.DirectoryObjectType;

/**
 * {@code /servicePrincipals} ({@code $filter} by {@code id}, {@code appId}, {@code displayName}; {@code $search} and
 * {@code $orderby} on {@code displayName}), {@code /servicePrincipals/$count} and {@code /servicePrincipals/{id}}.
 */
public final class ServicePrincipalEndpoints {

    private ServicePrincipalEndpoints() {
    }

    public static void register(GraphRouter router) {
        router.add(GraphRoute.of("GET", "servicePrincipals", Permissions.APPLICATION_READ, 1,
                ServicePrincipalEndpoints::list));
        router.add(GraphRoute.of("GET", "servicePrincipals/$count", Permissions.APPLICATION_READ, 1,
                c -> GroupEndpoints.countOf(c, c.context().tenant().directory()
                        .count(DirectoryObjectType.SERVICE_PRINCIPAL))));
        router.add(GraphRoute.of("GET", "servicePrincipals/{id}", Permissions.APPLICATION_READ, 1,
                ServicePrincipalEndpoints::get));
    }

    private static GraphResponse list(GraphCall call) {
        CollectionQuery query = CollectionQuery.parse(call.request(), FilterCapabilities.SERVICE_PRINCIPAL,
                Set.of("displayName"), Set.of("displayName"), false);
        List<DirectoryObject> principals = call.context().tenant().directory()
                .all(DirectoryObjectType.SERVICE_PRINCIPAL);
        Projection.checkSelect(query.select(), DirectoryObjectType.SERVICE_PRINCIPAL, principals);
        return GraphResponse.ok(CollectionPage.of(call.context(), call.request(),
                GroupEndpoints.contextFragment("servicePrincipals", query.select()), query.apply(principals),
                query.pageSize(), p -> Projection.render(p, query.select(), false), query.count()));
    }

    private static GraphResponse get(GraphCall call) {
        String id = call.parameter("id");
        GroupEndpoints.requireObjectId(id);
        DirectoryObject principal = call.context().tenant().directory().find(id,
                DirectoryObjectType.SERVICE_PRINCIPAL);
        if (principal == null) {
            throw GraphException.notFound(id);
        }
        List<String> select = Projection.parseSelect(call.request().option("$select"));
        ObjectNode body = CollectionPage.entity(call,
                GroupEndpoints.contextFragment("servicePrincipals", select) + "/$entity");
        body.setAll(Projection.render(principal, select, false));
        return GraphResponse.ok(body);
    }
}
