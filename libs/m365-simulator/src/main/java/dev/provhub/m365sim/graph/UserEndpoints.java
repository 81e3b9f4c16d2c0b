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

    /** Custom security attributes are readable only with these (user-get.md, "Permissions for specific scenarios"). */
    static final Set<String> CUSTOM_SECURITY_ATTRIBUTES_READ = Set.of("CustomSecAttributeAssignment.Read.All",
            "CustomSecAttributeAssignment.ReadWrite.All");

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
                u -> withoutHiddenAttributes(Projection.render(u, query.select(), false), call), query.count()));
    }

    private static GraphResponse get(GraphCall call) {
        String key = call.parameter("id");
        if (key.startsWith("$")) {
            // user-get.md: "/users/$x@y.com fails with a 400 Bad Request" (only system query options start with $)
            throw GraphException.badRequest("BadRequest", "Resource not found for the segment '" + key + "'.");
        }
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
        body.setAll(withoutHiddenAttributes(Projection.render(user, select, false), call));
        return GraphResponse.ok(body);
    }

    /**
     * "If there are no custom security attributes assigned to the user or if the calling principal doesn't have
     * access", the selected {@code customSecurityAttributes} is {@code null} (user-get.md).
     */
    static ObjectNode withoutHiddenAttributes(ObjectNode rendered, GraphCall call) {
        if (!call.principal().hasAny(CUSTOM_SECURITY_ATTRIBUTES_READ)) {
            var names = new java.util.ArrayList<String>();
            rendered.fieldNames().forEachRemaining(names::add);
            names.stream().filter(name -> name.equalsIgnoreCase("customSecurityAttributes"))
                    .forEach(name -> rendered.putNull(name));
        }
        return rendered;
    }
}
