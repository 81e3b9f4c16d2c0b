package dev.provhub.m365sim.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.http.GraphCall;
import dev.provhub.m365sim.http.GraphException;
import dev.provhub.m365sim.http.GraphRequest;
import dev.provhub.m365sim.http.GraphResponse;
import dev.provhub.m365sim.http.GraphRoute;
import dev.provhub.m365sim.http.GraphRouter;
import dev.provhub.m365sim.tenant.Directory;
import dev.provhub.m365sim.tenant.DirectoryObject;
import dev.provhub.m365sim.tenant.DirectoryObjectType;

/**
 * {@code /groups}, {@code /groups/{id}} (GET and DELETE), {@code /groups/{id}/members} and {@code /transitiveMembers}, with
 * their
 * {@code $count} segments and the {@code microsoft.graph.user} / {@code microsoft.graph.group} casts.
 */
public final class GroupEndpoints {

    private static final Set<String> ORDERABLE = Set.of("displayName");
    private static final Set<String> SEARCHABLE = Set.of("displayName", "description");

    private GroupEndpoints() {
    }

    public static void register(GraphRouter router) {
        var read = Permissions.GROUP_READ;
        router.add(GraphRoute.of("GET", "groups", read, 1, GroupEndpoints::list));
        router.add(GraphRoute.of("GET", "groups/$count", read, 1, GroupEndpoints::count));
        for (String relation : List.of("members", "transitiveMembers")) {
            int cost = relation.equals("members") ? 3 : 5;
            boolean transitive = relation.equals("transitiveMembers");
            router.add(GraphRoute.of("GET", "groups/{id}/" + relation, read, cost, c -> members(c, transitive, null)));
            router.add(GraphRoute.of("GET", "groups/{id}/" + relation + "/$count", read, cost,
                    c -> memberCount(c, transitive, null)));
            router.add(GraphRoute.of("GET", "groups/{id}/" + relation + "/{cast}/$count", read, cost,
                    c -> memberCount(c, transitive, c.parameter("cast"))));
            router.add(GraphRoute.of("GET", "groups/{id}/" + relation + "/{cast}", read, cost,
                    c -> members(c, transitive, c.parameter("cast"))));
        }
    }

    /** Registered after delta, which shares the {@code groups/{x}} shape. */
    public static void registerById(GraphRouter router) {
        router.add(GraphRoute.of("GET", "groups/{id}", Permissions.GROUP_READ, 1, GroupEndpoints::get));
        router.add(GraphRoute.of("DELETE", "groups/{id}", Permissions.GROUP_DELETE, 1, GroupEndpoints::delete));
    }

    private static GraphResponse list(GraphCall call) {
        GraphRequest request = call.request();
        Directory directory = call.context().tenant().directory();
        CollectionQuery query = CollectionQuery.parse(request, FilterCapabilities.GROUP, ORDERABLE, SEARCHABLE, false);
        List<DirectoryObject> groups = directory.all(DirectoryObjectType.GROUP);
        Projection.checkSelect(query.select(), DirectoryObjectType.GROUP, groups);
        List<DirectoryObject> matching = query.apply(groups);
        return GraphResponse.ok(CollectionPage.of(call.context(), request, contextFragment("groups", query.select()),
                matching, query.pageSize(), g -> Projection.render(g, query.select(), false), query.count()));
    }

    static GraphResponse count(GraphCall call) {
        return countOf(call, call.context().tenant().directory().count(DirectoryObjectType.GROUP));
    }

    /** {@code /$count} needs {@code ConsistencyLevel: eventual}; the documented error otherwise. */
    static GraphResponse countOf(GraphCall call, int count) {
        if (!call.request().eventualConsistency()) {
            throw GraphException.badRequest("Request_BadRequest", "$count is not currently supported.");
        }
        return GraphResponse.text(200, String.valueOf(count));
    }

    private static GraphResponse get(GraphCall call) {
        DirectoryObject group = requireGroup(call);
        List<String> select = Projection.parseSelect(call.request().option("$select"));
        Projection.checkSelect(select, DirectoryObjectType.GROUP, List.of(group));
        ObjectNode body = CollectionPage.entity(call, contextFragment("groups", select) + "/$entity");
        if (select != null) {
            // group-get.md: a group read with $select still carries its id (user-get.md shows no such rule)
            body.put("id", group.id());
        }
        body.setAll(Projection.render(group, select, false));
        return GraphResponse.ok(body);
    }

    /** Deletes the group (it leaves every group it was a member of; delta queries report it removed): 204. */
    private static GraphResponse delete(GraphCall call) {
        DirectoryObject group = requireGroup(call);
        call.context().tenant().directory().delete(group.id());
        return GraphResponse.empty(204);
    }

    private static GraphResponse members(GraphCall call, boolean transitive, String cast) {
        GraphRequest request = call.request();
        DirectoryObject group = requireGroup(call);
        DirectoryObjectType castType = castType(cast, request);
        FilterCapabilities capabilities = castType == DirectoryObjectType.USER ? FilterCapabilities.USER
                : castType == DirectoryObjectType.GROUP ? FilterCapabilities.GROUP : FilterCapabilities.DIRECTORY_OBJECT;
        CollectionQuery query = CollectionQuery.parse(request, capabilities, Set.of("displayName"),
                Set.of("displayName", "description"), true);
        List<DirectoryObject> members = memberList(call, group, transitive, castType);
        if (castType != null) {
            Projection.checkSelect(query.select(), castType, members);
        }
        List<DirectoryObject> matching = query.apply(members);
        String fragment = castType == null ? "directoryObjects" : castType.entitySet();
        return GraphResponse.ok(CollectionPage.of(call.context(), request, contextFragment(fragment, query.select()),
                matching, query.pageSize(), m -> Projection.render(m, query.select(), castType == null),
                query.count()));
    }

    private static GraphResponse memberCount(GraphCall call, boolean transitive, String cast) {
        DirectoryObject group = requireGroup(call);
        if (!call.request().eventualConsistency()) {
            throw GraphException.badRequest("Request_BadRequest", "$count is not currently supported.");
        }
        DirectoryObjectType castType = cast == null ? null : DirectoryObjectType.fromCast(cast);
        if (cast != null && castType == null) {
            throw GraphException.badRequest("BadRequest", "Resource not found for the segment '" + cast + "'.");
        }
        return countOf(call, memberList(call, group, transitive, castType).size());
    }

    private static List<DirectoryObject> memberList(GraphCall call, DirectoryObject group, boolean transitive,
            DirectoryObjectType castType) {
        Directory directory = call.context().tenant().directory();
        List<DirectoryObject> all = transitive ? directory.transitiveMembers(group) : directory.members(group);
        if (castType == null) {
            return all;
        }
        var cast = new ArrayList<DirectoryObject>();
        for (DirectoryObject member : all) {
            if (member.type() == castType) {
                cast.add(member);
            }
        }
        return cast;
    }

    /**
     * The documentation requires the advanced query parameters for OData casts on members and transitive members;
     * the simulator enforces it (Graph itself sometimes lets a cast through without them).
     */
    private static DirectoryObjectType castType(String cast, GraphRequest request) {
        if (cast == null) {
            return null;
        }
        DirectoryObjectType type = DirectoryObjectType.fromCast(cast);
        if (type == null) {
            throw GraphException.badRequest("BadRequest", "Resource not found for the segment '" + cast + "'.");
        }
        if (!request.advancedQuery()) {
            throw CollectionQuery.advancedRequired("OData cast '" + cast + "'");
        }
        return type;
    }

    static DirectoryObject requireGroup(GraphCall call) {
        String id = call.parameter("id");
        requireObjectId(id);
        DirectoryObject group = call.context().tenant().directory().find(id, DirectoryObjectType.GROUP);
        if (group == null) {
            throw GraphException.notFound(id);
        }
        return group;
    }

    static void requireObjectId(String id) {
        if (!id.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            throw GraphException.badRequest("Request_BadRequest", "Invalid object identifier '" + id + "'.");
        }
    }

    static String contextFragment(String entitySet, List<String> select) {
        return select == null ? entitySet : entitySet + "(" + String.join(",", select) + ")";
    }
}
