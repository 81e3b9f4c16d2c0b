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
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import dev.provhub.runs.RunItem;
import dev.provhub.sync.config.SyncConfig;
import dev.provhub.sync.directory.Memberships;
import dev.provhub.sync.graph.GraphGroup;
import dev.provhub.sync.graph.GraphReader;
import dev.provhub.sync.graph.GraphSession;
import dev.provhub.sync.graph.GraphUser;
import dev.provhub.sync.graph.GroupMembers;
import dev.provhub.sync.mapping.MappedUser;
import dev.provhub.sync.mapping.UserMapping;
import dev.provhub.sync.profile.GraphEdges;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * A full read: the run's Office 365 groups by name or prefix, every member of each (nested groups to any depth with
 * {@code --process-child-groups}, each group read once, cycles harmless), the users mapped, and the known users who
 * are no longer members, checked against Entra to tell a user who left from one who was deleted. For a profile, the
 * delta links are taken first (changes made while reading come again in the next round) and the members are kept.
 */
@ApplicationScoped
class FullRead {

    private static final Logger LOG = Logger.getLogger(FullRead.class);

    private final GraphReader reader;
    private final Memberships memberships;
    private final GraphEdges edges;
    private final EntityManager em;
    private final int maxRetries;

    FullRead(GraphReader reader, Memberships memberships, GraphEdges edges, EntityManager em, SyncConfig config) {
        this.reader = reader;
        this.memberships = memberships;
        this.edges = edges;
        this.em = em;
        this.maxRetries = config.graph().maxRetries();
    }

    SyncInput read(GraphSession session, SyncOptions options, UserMapping mapping, String profile, String reason) {
        String groupsLink = null;
        String usersLink = null;
        if (profile != null && !options.dryRun()) {
            groupsLink = reader.groupsDelta(session, null).deltaLink();
            usersLink = reader.usersDelta(session, null, mapping.select()).deltaLink();
        }
        var notes = new ArrayList<String>();
        List<RootGroup> roots = roots(session, options, notes);
        var rootIds = new HashSet<String>();
        roots.forEach(root -> rootIds.add(root.graphId()));
        var goneIds = new HashSet<String>();
        if (profile != null) {
            for (RootGroup followed : edges.roots(profile)) {
                if (rootIds.add(followed.graphId())) {
                    goneIds.add(followed.graphId());
                    // a group the profile followed that is gone or no longer matches: its members leave
                    roots.add(new RootGroup(followed.graphId(), followed.displayName(), options.targetGroup() != null
                            ? options.targetGroup()
                            : followed.appGroupName()));
                    notes.add("group '" + followed.displayName() + "' is no longer synced: its members leave");
                }
            }
        }
        // read every group once, breadth first
        var read = new HashMap<String, GroupMembers>();
        var users = new LinkedHashMap<String, GraphUser>();
        var userRoots = new HashMap<String, Set<String>>();
        var edgeList = new ArrayList<GraphEdges.Edge>();
        int ignored = 0;
        for (RootGroup root : roots) {
            if (goneIds.contains(root.graphId())) {
                continue;
            }
            var queue = new ArrayDeque<GraphGroup>();
            var visited = new HashSet<String>();
            queue.add(new GraphGroup(root.graphId(), root.displayName()));
            visited.add(root.graphId());
            while (!queue.isEmpty()) {
                GraphGroup group = queue.poll();
                GroupMembers members = read.get(group.id());
                if (members == null) {
                    members = reader.members(session, group, mapping.select());
                    read.put(group.id(), members);
                    ignored += members.ignored();
                    for (GraphUser user : members.users()) {
                        users.putIfAbsent(user.id(), user);
                        edgeList.add(new GraphEdges.Edge(group.id(), user.id(), false));
                    }
                    for (String child : members.childGroupIds()) {
                        edgeList.add(new GraphEdges.Edge(group.id(), child, true));
                    }
                }
                for (GraphUser user : members.users()) {
                    userRoots.computeIfAbsent(user.id(), id -> new LinkedHashSet<>()).add(root.graphId());
                }
                if (options.processChildGroups()) {
                    for (String child : members.childGroupIds()) {
                        if (visited.add(child)) {
                            queue.add(new GraphGroup(child, "nested group " + child));
                        }
                    }
                }
            }
        }
        var restriction = new UserRestriction(options);
        var skipped = new ArrayList<RunItem>();
        var works = new ArrayList<UserWork>();
        var mappedByName = new HashMap<String, List<MappedUser>>();
        var mappedUsers = new ArrayList<MappedUser>();
        for (GraphUser user : users.values()) {
            MappedUser mapped = mapping.map(user);
            if (mapped == null) {
                if (restriction.allows(null, user.value("userPrincipalName"))) {
                    skipped.add(RunItem.forKey(user.value("userPrincipalName") == null ? user.id()
                            : user.value("userPrincipalName"), "skipped",
                            "no value for the user name attribute '"
                                    + options.usernameAttr() + "'"));
                }
                continue;
            }
            if (!restriction.allows(mapped.userName(), mapped.upn())) {
                continue;
            }
            mappedByName.computeIfAbsent(mapped.userName().toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                    .add(mapped);
            mappedUsers.add(mapped);
        }
        for (MappedUser mapped : mappedUsers) {
            List<MappedUser> sameName = mappedByName.get(mapped.userName().toLowerCase(Locale.ROOT));
            if (sameName.size() > 1) {
                skipped.add(RunItem.forKey(mapped.userName(), "skipped", "the user name '" + mapped.userName()
                        + "' belongs to " + sameName.size() + " Entra users ("
                        + String.join(", ", sameName.stream().map(MappedUser::graphId).toList()) + ")"));
                continue;
            }
            works.add(new UserWork(mapped.graphId(), null, mapped, userRoots.getOrDefault(mapped.graphId(), Set.of()),
                    false));
        }
        works.addAll(leavers(session, options, mapping, roots, users.keySet(), restriction));
        GraphEdges.Update update = profile == null ? null : new GraphEdges.Replace(roots, edgeList);
        LOG.debugf("Read %d groups, %d users, %d members ignored", read.size(), users.size(), ignored);
        return new SyncInput("full", reason, roots, works, notes, skipped, ignored, update, groupsLink, usersLink);
    }

    private List<RootGroup> roots(GraphSession session, SyncOptions options, List<String> notes) {
        List<GraphGroup> groups;
        if (!options.groups().isEmpty()) {
            groups = reader.groupsNamed(session, options.groups());
            var unknown = new ArrayList<String>();
            for (String name : options.groups()) {
                if (groups.stream().noneMatch(g -> g.displayName().equalsIgnoreCase(name))) {
                    unknown.add(name);
                }
            }
            if (!unknown.isEmpty()) {
                throw new UnknownGroupsException(unknown);
            }
            if (options.filter() != null) {
                String prefix = options.filter().toLowerCase(Locale.ROOT);
                groups = groups.stream().filter(g -> {
                    boolean matches = g.displayName().toLowerCase(Locale.ROOT).startsWith(prefix);
                    if (!matches) {
                        notes.add("group '" + g.displayName() + "' does not start with the filter '"
                                + options.filter() + "': not synced");
                    }
                    return matches;
                }).toList();
            }
        } else {
            groups = reader.groupsStartingWith(session, options.filter());
            if (groups.isEmpty()) {
                notes.add("no Office 365 group starts with '" + options.filter() + "'");
            }
        }
        var roots = new ArrayList<RootGroup>();
        for (GraphGroup group : groups) {
            roots.add(new RootGroup(group.id(), group.displayName(),
                    options.targetGroup() != null ? options.targetGroup() : group.displayName()));
        }
        return roots;
    }

    /**
     * Known users who were members of the run's groups and are no longer: they leave (as far as the run's
     * restriction allows); those Entra no longer has were deleted.
     */
    private List<UserWork> leavers(GraphSession session, SyncOptions options, UserMapping mapping,
            List<RootGroup> roots, Set<String> present, UserRestriction restriction) {
        var sources = roots.stream().map(RootGroup::source).toList();
        Map<UUID, String> known = QuarkusTransaction.requiringNew()
                .call(() -> memberships.usersWithSources(sources));
        var gone = new LinkedHashMap<UUID, String>();
        known.forEach((userId, graphId) -> {
            if (graphId == null || !present.contains(graphId)) {
                gone.put(userId, graphId);
            }
        });
        if (gone.isEmpty()) {
            return List.of();
        }
        if (restriction.restricts()) {
            Map<UUID, String[]> names = QuarkusTransaction.requiringNew().call(() -> userNames(gone.keySet()));
            gone.keySet().removeIf(id -> {
                String[] name = names.get(id);
                return name == null || !restriction.allows(name[0], name[1]);
            });
        }
        var graphIds = gone.values().stream().filter(id -> id != null).toList();
        Map<String, Optional<GraphUser>> existing = graphIds.isEmpty() ? Map.of()
                : reader.usersById(session, graphIds, mapping.select(), maxRetries);
        var works = new ArrayList<UserWork>();
        gone.forEach((userId, graphId) -> {
            boolean deleted = graphId != null && existing.containsKey(graphId) && existing.get(graphId).isEmpty();
            works.add(new UserWork(graphId, userId, null, Set.of(), deleted));
        });
        return works;
    }

    @SuppressWarnings("unchecked")
    private Map<UUID, String[]> userNames(Set<UUID> ids) {
        var names = new HashMap<UUID, String[]>();
        List<Object[]> rows = em.createNativeQuery("select id, user_name, upn from app_user where id = any (?1)")
                .setParameter(1, ids.toArray(UUID[]::new)).getResultList();
        rows.forEach(row -> names.put((UUID) row[0], new String[] { (String) row[1], (String) row[2] }));
        return names;
    }
}
