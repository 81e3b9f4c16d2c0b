package dev.provhub.m365sim.delta;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.graph.Filter;
import dev.provhub.m365sim.graph.FilterParser;
import dev.provhub.m365sim.graph.Permissions;
import dev.provhub.m365sim.graph.Projection;
import dev.provhub.m365sim.http.GraphCall;
import dev.provhub.m365sim.http.GraphException;
import dev.provhub.m365sim.http.GraphJson;
import dev.provhub.m365sim.http.GraphRequest;
import dev.provhub.m365sim.http.GraphResponse;
import dev.provhub.m365sim.http.GraphRoute;
import dev.provhub.m365sim.http.GraphRouter;
import dev.provhub.m365sim.tenant.Directory;
import dev.provhub.m365sim.tenant.DirectoryChange;
import dev.provhub.m365sim.tenant.DirectoryObject;
import dev.provhub.m365sim.tenant.DirectoryObjectType;

/**
 * {@code /groups/delta} and {@code /users/delta}: a first round returns every object (groups with
 * {@code members@delta} when {@code members} is selected, a large group's members spread over several entries and
 * pages), then an {@code @odata.deltaLink}; calling it returns only what changed since, with {@code @removed} for
 * deletions and removed members. Tokens older than the delta token lifetime (seven days) or from before a reset
 * answer 410 {@code syncStateNotFound}, and the client must sync in full again.
 */
public final class DeltaEndpoints {

    private static final int MAX_ID_FILTERS = 50;

    private final DeltaRounds rounds = new DeltaRounds();

    public void register(GraphRouter router) {
        router.add(GraphRoute.of("GET", "groups/delta", Permissions.GROUP_READ, 1,
                call -> delta(call, DirectoryObjectType.GROUP)));
        router.add(GraphRoute.of("GET", "users/delta", Permissions.USER_READ, 1,
                call -> delta(call, DirectoryObjectType.USER)));
    }

    public void reset() {
        rounds.clear();
    }

    private GraphResponse delta(GraphCall call, DirectoryObjectType type) {
        GraphRequest request = call.request();
        for (String unsupported : List.of("$top", "$orderby", "$expand", "$search", "$count")) {
            if (request.option(unsupported) != null) {
                throw GraphException.unsupportedQuery(unsupported + " is not supported with delta queries on "
                        + type.entitySet() + ".");
            }
        }
        Directory directory = call.context().tenant().directory();
        Instant now = call.context().clock().instant();
        String skipToken = request.option("$skiptoken");
        if (skipToken != null) {
            if (request.option("$select") != null || request.option("$deltatoken") != null) {
                throw GraphException.unsupportedQuery("$skiptoken cannot be combined with $select or $deltatoken: "
                        + "the token carries the query.");
            }
            DeltaRounds.Page page = rounds.page(skipToken);
            if (page == null || page.round().expired(now, call.context().settings().deltaTokenLifetime())) {
                throw syncStateNotFound(call, type);
            }
            return page(call, type, page.round(), page.index());
        }
        String deltaToken = request.option("$deltatoken");
        DeltaRounds.Round round;
        synchronized (directory) {
            if (deltaToken == null) {
                List<String> select = select(request, type);
                List<String> ids = idFilter(request.option("$filter"));
                round = new DeltaRounds.Round(initial(directory, type, select, ids, call), directory.sequence(),
                        select, ids, now);
            } else if (deltaToken.equalsIgnoreCase("latest")) {
                round = new DeltaRounds.Round(List.of(), directory.sequence(), select(request, type),
                        idFilter(request.option("$filter")), now);
            } else {
                DeltaToken token = DeltaToken.decode(deltaToken, key(call));
                if (token == null || !token.collection().equals(type.entitySet())) {
                    throw GraphException.badRequest("Request_BadRequest", "The delta token is not valid.");
                }
                if (!token.generation().equals(directory.generation())
                        || token.issued().plus(call.context().settings().deltaTokenLifetime()).isBefore(now)) {
                    throw syncStateNotFound(call, type);
                }
                List<String> select = request.option("$select") != null ? select(request, type) : token.select();
                round = new DeltaRounds.Round(incremental(directory, type, token.sequence(), select, token.ids(),
                        call), directory.sequence(), select, token.ids(), now);
            }
        }
        rounds.add(round);
        return page(call, type, round, 0);
    }

    private GraphResponse page(GraphCall call, DirectoryObjectType type, DeltaRounds.Round round, int index) {
        int size = pageSize(call);
        List<ObjectNode> entries = round.entries();
        int from = Math.min(entries.size(), index * size);
        int to = Math.min(entries.size(), from + size);
        ObjectNode body = GraphJson.object();
        String root = call.context().serviceRoot(call.request()) + "/" + type.entitySet() + "/delta";
        body.put("@odata.context", call.context().serviceRoot(call.request()) + "/$metadata#" + type.entitySet()
                + (round.select() == null ? "" : "(" + String.join(",", round.select()) + ")"));
        if (to < entries.size()) {
            body.put("@odata.nextLink", root + "?$skiptoken=" + rounds.skipToken(round, index + 1));
        } else {
            var token = new DeltaToken(type.entitySet(), call.context().tenant().directory().generation(),
                    round.sequence(), call.context().clock().instant(), round.select(), round.ids());
            body.put("@odata.deltaLink", root + "?$deltatoken=" + token.encode(key(call)));
        }
        ArrayNode value = body.putArray("value");
        entries.subList(from, to).forEach(value::add);
        GraphResponse response = GraphResponse.ok(body);
        if (call.request().header("Prefer") != null && call.request().header("Prefer").contains("odata.maxpagesize")) {
            response.header("Preference-Applied", "odata.maxpagesize=" + size);
        }
        return response;
    }

    private static int pageSize(GraphCall call) {
        int size = call.context().settings().deltaPageSize();
        String prefer = call.request().header("Prefer");
        if (prefer != null) {
            for (String preference : prefer.split(",")) {
                String trimmed = preference.trim();
                if (trimmed.startsWith("odata.maxpagesize=")) {
                    try {
                        size = Math.max(1, Math.min(size, Integer.parseInt(trimmed.substring(18).trim())));
                    } catch (NumberFormatException e) {
                        throw GraphException.badRequest("BadRequest", "Invalid Prefer header '" + prefer + "'.");
                    }
                }
            }
        }
        return size;
    }

    private List<ObjectNode> initial(Directory directory, DirectoryObjectType type, List<String> select,
            List<String> ids, GraphCall call) {
        var entries = new ArrayList<ObjectNode>();
        var laterChunks = new ArrayList<ObjectNode>();
        for (DirectoryObject object : directory.all(type)) {
            if (ids != null && !ids.contains(object.id())) {
                continue;
            }
            ObjectNode entry = properties(object, select);
            if (tracksMembers(type, select)) {
                var members = new ArrayList<ObjectNode>();
                directory.members(object).forEach(member -> members.add(reference(member, false)));
                List<ObjectNode> chunks = withMembers(entry, object.id(), members, call);
                entries.add(chunks.get(0));
                // a large group's later member chunks come after the other groups: clients must merge per id
                laterChunks.addAll(chunks.subList(1, chunks.size()));
            } else {
                entries.add(entry);
            }
        }
        entries.addAll(laterChunks);
        return entries;
    }

    private List<ObjectNode> incremental(Directory directory, DirectoryObjectType type, long after,
            List<String> select, List<String> ids, GraphCall call) {
        var byObject = new LinkedHashMap<String, ObjectChanges>();
        for (DirectoryChange change : directory.changesAfter(after)) {
            if (change.type() == type && (ids == null || ids.contains(change.objectId()))) {
                byObject.computeIfAbsent(change.objectId(), id -> new ObjectChanges()).add(change);
            }
        }
        var entries = new ArrayList<ObjectNode>();
        for (Map.Entry<String, ObjectChanges> changed : byObject.entrySet()) {
            ObjectChanges changes = changed.getValue();
            DirectoryObject object = directory.find(changed.getKey());
            if (object == null) {
                if (!changes.created) {
                    ObjectNode removed = GraphJson.object();
                    removed.put("id", changed.getKey());
                    removed.putObject("@removed").put("reason", changes.permanentlyDeleted ? "deleted" : "changed");
                    entries.add(removed);
                }
                continue;
            }
            if (changes.created) {
                entries.addAll(initial(directory, type, select, List.of(object.id()), call));
                continue;
            }
            boolean minimal = call.request().header("Prefer") != null
                    && call.request().header("Prefer").contains("return=minimal");
            ObjectNode entry = GraphJson.object();
            entry.put("id", object.id());
            boolean relevant = false;
            for (String property : changes.properties) {
                if (select == null ? type.defaultProperties().contains(property) : select.contains(property)) {
                    entry.set(property, object.property(property));
                    relevant = true;
                }
            }
            if (!minimal) {
                // by default a changed object comes with every tracked property, changed or not
                entry = properties(object, select);
            }
            if (tracksMembers(type, select) && !changes.members.isEmpty()) {
                var members = new ArrayList<ObjectNode>();
                Set<String> current = object.memberIds();
                changes.members.forEach((memberId, memberType) -> {
                    ObjectNode reference = GraphJson.object();
                    reference.put("@odata.type", memberType.odataTypeAnnotation());
                    reference.put("id", memberId);
                    if (!current.contains(memberId)) {
                        reference.putObject("@removed").put("reason", "deleted");
                    }
                    members.add(reference);
                });
                entries.addAll(withMembers(entry, object.id(), members, call));
            } else if (relevant) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /** The entry with the first chunk of members, then one entry (id only) per further chunk. */
    private static List<ObjectNode> withMembers(ObjectNode entry, String id, List<ObjectNode> members,
            GraphCall call) {
        int chunk = call.context().settings().deltaMembersPerEntry();
        var entries = new ArrayList<ObjectNode>();
        int from = 0;
        do {
            ObjectNode target = from == 0 ? entry : GraphJson.object();
            if (from > 0) {
                target.put("id", id);
            }
            ArrayNode list = target.putArray("members@delta");
            members.subList(from, Math.min(members.size(), from + chunk)).forEach(list::add);
            entries.add(target);
            from += chunk;
        } while (from < members.size());
        return entries;
    }

    private static ObjectNode properties(DirectoryObject object, List<String> select) {
        List<String> properties = select == null ? null
                : select.stream().filter(property -> !property.equalsIgnoreCase("members")).toList();
        ObjectNode entry = Projection.render(object, properties != null && properties.isEmpty() ? List.of("id")
                : properties, false);
        entry.put("id", object.id());
        return entry;
    }

    private static ObjectNode reference(DirectoryObject member, boolean removed) {
        ObjectNode reference = GraphJson.object();
        reference.put("@odata.type", member.type().odataTypeAnnotation());
        reference.put("id", member.id());
        if (removed) {
            reference.putObject("@removed").put("reason", "deleted");
        }
        return reference;
    }

    private static boolean tracksMembers(DirectoryObjectType type, List<String> select) {
        // without $select, the default set is tracked, and members are part of it
        return type == DirectoryObjectType.GROUP && (select == null
                || select.stream().anyMatch(property -> property.equalsIgnoreCase("members")));
    }

    private static List<String> select(GraphRequest request, DirectoryObjectType type) {
        List<String> select = Projection.parseSelect(request.option("$select"));
        if (select == null) {
            return null;
        }
        var checked = new ArrayList<String>();
        for (String property : select) {
            if (property.equalsIgnoreCase("members") && type == DirectoryObjectType.GROUP) {
                checked.add("members");
                continue;
            }
            if (property.equalsIgnoreCase("manager") && type == DirectoryObjectType.USER) {
                continue;
            }
            Projection.checkSelect(List.of(property), type, List.of());
            checked.add(property);
        }
        return checked;
    }

    /** Delta takes only scoping filters by object id: {@code id eq 'a' or id eq 'b'}, at most 50. */
    private static List<String> idFilter(String text) {
        if (text == null) {
            return null;
        }
        Filter filter = FilterParser.parse(text);
        var ids = new LinkedHashSet<String>();
        List<Filter> parts = filter instanceof Filter.Or or ? or.parts() : List.of(filter);
        for (Filter part : parts) {
            if (!(part instanceof Filter.Comparison comparison) || !comparison.path().equalsIgnoreCase("id")
                    || !comparison.operator().equals("eq") || !(comparison.literal() instanceof String id)) {
                throw GraphException.unsupportedQuery("Unsupported Query. Delta queries take only filters on object "
                        + "ids: id eq '<id>' or id eq '<id>'.");
            }
            ids.add(id.toLowerCase());
        }
        if (ids.size() > MAX_ID_FILTERS) {
            throw GraphException.unsupportedQuery("Too many ids in the delta filter: at most " + MAX_ID_FILTERS + ".");
        }
        return new ArrayList<>(ids);
    }

    private static GraphException syncStateNotFound(GraphCall call, DirectoryObjectType type) {
        return new GraphException(410, "syncStateNotFound", "The delta token has expired or is not known: the sync "
                + "state was not found. Start again with a full synchronization.").withHeader("Location",
                        call.context().serviceRoot(call.request()) + "/" + type.entitySet() + "/delta");
    }

    private static String key(GraphCall call) {
        return "delta:" + call.context().tenant().id();
    }

    /** What happened to one object since a token's position. */
    private static final class ObjectChanges {
        boolean created;
        boolean permanentlyDeleted;
        final Set<String> properties = new LinkedHashSet<>();
        final Map<String, DirectoryObjectType> members = new LinkedHashMap<>();

        void add(DirectoryChange change) {
            switch (change.kind()) {
                case CREATED -> created = true;
                case UPDATED -> properties.addAll(change.properties());
                case MEMBER_ADDED, MEMBER_REMOVED -> members.put(change.memberId(), change.memberType());
                case DELETED -> {
                    // the object is gone: decided by looking it up
                }
                case PERMANENTLY_DELETED -> permanentlyDeleted = true;
            }
        }
    }

    static String newRoundId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
