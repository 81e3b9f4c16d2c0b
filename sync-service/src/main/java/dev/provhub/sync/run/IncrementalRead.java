package dev.provhub.sync.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.provhub.runs.RunItem;
import dev.provhub.sync.config.SyncConfig;
import dev.provhub.sync.graph.GraphDelta;
import dev.provhub.sync.graph.GraphReader;
import dev.provhub.sync.graph.GraphSession;
import dev.provhub.sync.graph.GraphUser;
import dev.provhub.sync.mapping.MappedUser;
import dev.provhub.sync.mapping.UserMapping;
import dev.provhub.sync.profile.GraphEdges;
import dev.provhub.sync.profile.ProfileState;

/**
 * An incremental read from a profile's delta links: one round of {@code groups/delta} (members added and removed)
 * and one of {@code users/delta} (attributes changed, accounts disabled, users deleted), so that its cost follows the
 * changes, not the size of the groups. The stored members of the followed groups tell which of the profile's groups
 * a changed user is in, through any depth of nesting. When the groups themselves change shape (a followed group
 * renamed, deleted or nested differently, a new group matching the profile) it returns null: the run reads in full.
 */
@ApplicationScoped
class IncrementalRead {

    private static final Logger LOG = Logger.getLogger(IncrementalRead.class);

    private final GraphReader reader;
    private final GraphEdges edges;
    private final int maxRetries;

    IncrementalRead(GraphReader reader, GraphEdges edges, SyncConfig config) {
        this.reader = reader;
        this.edges = edges;
        this.maxRetries = config.graph().maxRetries();
    }

    SyncInput read(GraphSession session, SyncOptions options, UserMapping mapping, String profile,
            ProfileState state) {
        GraphDelta groups = reader.groupsDelta(session, state.groupsDeltaLink);
        GraphDelta users = reader.usersDelta(session, state.usersDeltaLink, mapping.select());
        List<RootGroup> roots = edges.roots(profile);
        Set<String> followed = edges.followedGroups(profile);
        List<GraphEdges.Edge> nesting = edges.groupEdges(profile);
        if (!shapeUnchanged(options, groups, roots, followed)) {
            return null;
        }
        var added = new ArrayList<GraphEdges.Edge>();
        var removed = new ArrayList<GraphEdges.Edge>();
        var changedUsers = new LinkedHashSet<String>();
        for (GraphDelta.GroupChange group : groups.groups().values()) {
            if (!followed.contains(group.id())) {
                continue;
            }
            for (GraphDelta.MemberChange member : group.members().values()) {
                if (!member.user()) {
                    // devices, contacts, service principals (and nested groups without --process-child-groups)
                    continue;
                }
                var edge = new GraphEdges.Edge(group.id(), member.id(), false);
                (member.removed() ? removed : added).add(edge);
                changedUsers.add(member.id());
            }
        }
        var candidates = new LinkedHashSet<>(changedUsers);
        candidates.addAll(users.users().keySet());
        Map<String, Set<String>> parents = edges.parentsOf(profile, candidates);
        added.forEach(e -> parents.computeIfAbsent(e.memberId(), id -> new HashSet<>()).add(e.parentId()));
        removed.forEach(e -> parents.getOrDefault(e.memberId(), new HashSet<>()).remove(e.parentId()));
        Map<String, Set<String>> reach = reach(roots, nesting, options.processChildGroups());

        var joining = new LinkedHashSet<String>();
        added.forEach(e -> joining.add(e.memberId()));
        var fetch = new ArrayList<String>();
        for (String id : joining) {
            GraphDelta.UserChange change = users.users().get(id);
            if (change == null || change.removed()) {
                fetch.add(id);
            }
        }
        Map<String, Optional<GraphUser>> fetched = fetch.isEmpty() ? Map.of()
                : reader.usersById(session, fetch, mapping.select(), maxRetries);

        var works = new ArrayList<UserWork>();
        var skipped = new ArrayList<RunItem>();
        for (String id : candidates) {
            boolean member = changedUsers.contains(id) || parents.containsKey(id) && !parents.get(id).isEmpty()
                    || edgesKnown(parents, id);
            GraphDelta.UserChange change = users.users().get(id);
            boolean deleted = change != null && change.removed()
                    || fetched.containsKey(id) && fetched.get(id).isEmpty();
            if (!member && !changedUsers.contains(id)) {
                // a user of the tenant the profile does not follow
                continue;
            }
            Set<String> userRoots = new LinkedHashSet<>();
            for (String parent : parents.getOrDefault(id, Set.of())) {
                userRoots.addAll(reach.getOrDefault(parent, Set.of()));
            }
            GraphUser user = change != null && !change.removed() ? change.user()
                    : fetched.getOrDefault(id, Optional.empty()).orElse(null);
            MappedUser mapped = null;
            if (user != null && !deleted) {
                mapped = mapping.map(user);
                if (mapped == null) {
                    skipped.add(RunItem.forKey(id, "skipped", "no value for the user name attribute '"
                            + options.usernameAttr() + "'"));
                    continue;
                }
            }
            works.add(new UserWork(id, null, mapped, userRoots, deleted));
        }
        LOG.debugf("Delta: %d groups and %d users changed; %d users to decide", groups.groups().size(),
                users.users().size(), works.size());
        return new SyncInput("incremental", "from the profile's delta links", roots, works, List.of(), skipped, 0,
                new GraphEdges.Changes(roots, added, removed), groups.deltaLink(), users.deltaLink());
    }

    private static boolean edgesKnown(Map<String, Set<String>> parents, String id) {
        return parents.containsKey(id);
    }

    /** False when the followed groups changed in a way only a full read can follow. */
    private static boolean shapeUnchanged(SyncOptions options, GraphDelta groups, List<RootGroup> roots,
            Set<String> followed) {
        var rootNames = new HashMap<String, String>();
        roots.forEach(root -> rootNames.put(root.graphId(), root.displayName()));
        for (GraphDelta.GroupChange group : groups.groups().values()) {
            if (followed.contains(group.id())) {
                if (group.removed()) {
                    return false;
                }
                String name = rootNames.get(group.id());
                if (name != null && group.displayName() != null && !group.displayName().equals(name)) {
                    return false;
                }
                if (options.processChildGroups() && group.members().values().stream().anyMatch(
                        GraphDelta.MemberChange::group)) {
                    return false;
                }
            } else if (!group.removed() && group.displayName() != null && selects(options, group.displayName())) {
                return false;
            }
        }
        return true;
    }

    private static boolean selects(SyncOptions options, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean named = options.groups().isEmpty() || options.groups().stream().anyMatch(name::equalsIgnoreCase);
        boolean prefixed = options.filter() == null || lower.startsWith(options.filter().toLowerCase(Locale.ROOT));
        return named && prefixed;
    }

    /** For every followed group, the roots it is reached from (itself, for a root). */
    private static Map<String, Set<String>> reach(List<RootGroup> roots, List<GraphEdges.Edge> nesting,
            boolean nested) {
        var children = new LinkedHashMap<String, List<String>>();
        nesting.forEach(edge -> children.computeIfAbsent(edge.parentId(), id -> new ArrayList<>())
                .add(edge.memberId()));
        var reach = new HashMap<String, Set<String>>();
        for (RootGroup root : roots) {
            var queue = new ArrayDeque<String>();
            var seen = new HashSet<String>();
            queue.add(root.graphId());
            seen.add(root.graphId());
            while (!queue.isEmpty()) {
                String group = queue.poll();
                reach.computeIfAbsent(group, id -> new LinkedHashSet<>()).add(root.graphId());
                if (!nested) {
                    continue;
                }
                for (String child : children.getOrDefault(group, List.of())) {
                    if (seen.add(child)) {
                        queue.add(child);
                    }
                }
            }
        }
        return reach;
    }
}
