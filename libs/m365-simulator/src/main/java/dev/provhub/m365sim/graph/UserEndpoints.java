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

/** {@code /users} and {@code /users/{id | userPrincipalName}}; directory extensions only with {@code $select}. */
public final class UserEndpoints {

    private static final Set<String> ORDERABLE = Set.of("displayName", "userPrincipalName");
    private static final Set<String> SEARCHABLE = Set.of("displayName", "mail", "userPrincipalName", "givenName",
            "surname", "mailNickname", "employeeId");

    private UserEndpoints() {
    }

    public static void register(GraphRouter router) {
        router.add(GraphRoute.of("GET", "users", Permissions.USER_READ, 2, UserEndpoints::list));
        router.add(GraphRoute.of("GET", "users/$count", Permissions.USER_READ, 1,
                c -> GroupEndpoints.countOf(c, c.context().tenant().directory().count(DirectoryObjectType.USER))));
    }

    public static void registerById(GraphRouter router) {
        router.add(GraphRoute.of("GET", "users/{id}", Permissions.USER_READ, 1, UserEndpoints::get));
    }

    private static GraphResponse list(GraphCall call) {
        CollectionQuery query = CollectionQuery.parse(call.request(), FilterCapabilities.USER, ORDERABLE, SEARCHABLE,
                false);
        List<DirectoryObject> users = call.context().tenant().directory().all(DirectoryObjectType.USER);
        Projection.checkSelect(query.select(), DirectoryObjectType.USER, users);
        List<DirectoryObject> matching = query.apply(users);
        return GraphResponse.ok(CollectionPage.of(call.context(), call.request(),
                GroupEndpoints.contextFragment("users", query.select()), matching, query.pageSize(),
                u -> Projection.render(u, query.select(), false), query.count()));
    }

    private static GraphResponse get(GraphCall call) {
        String key = call.parameter("id");
        DirectoryObject user = call.context().tenant().directory().user(key);
        if (user == null) {
            if (!key.contains("@") && !key.matches("[0-9a-fA-F-]{36}")) {
                throw GraphException.badRequest("Request_BadRequest", "Invalid object identifier '" + key + "'.");
            }
            throw GraphException.notFound(key);
        }
        List<String> select = Projection.parseSelect(call.request().option("$select"));
        Projection.checkSelect(select, DirectoryObjectType.USER, List.of(user));
        ObjectNode body = CollectionPage.entity(call, GroupEndpoints.contextFragment("users", select) + "/$entity");
        body.setAll(Projection.render(user, select, false));
        return GraphResponse.ok(body);
    }
}
