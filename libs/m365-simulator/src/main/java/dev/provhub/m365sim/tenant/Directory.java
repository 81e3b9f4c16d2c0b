package dev.provhub.m365sim.tenant;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The simulated directory: users, groups, devices, contacts and service principals by id, group memberships, and
 * the ordered log of every change (what delta queries replay). Thread-safe: every method holds the directory's lock,
 * so a request sees one consistent state.
 */
public final class Directory {

    private final Clock clock;
    private final Map<String, DirectoryObject> objects = new LinkedHashMap<>();
    private final Map<String, String> userIdsByPrincipalName = new LinkedHashMap<>();
    private final List<DirectoryChange> changes = new ArrayList<>();
    private final Map<DirectoryObjectType, Integer> counts = new java.util.EnumMap<>(DirectoryObjectType.class);
    private final String generation = UUID.randomUUID().toString();
    private long sequence;

    public Directory(Clock clock) {
        this.clock = clock;
    }

    // ---- reading

    public synchronized DirectoryObject find(String id) {
        return id == null ? null : objects.get(id.toLowerCase(Locale.ROOT));
    }

    public synchronized DirectoryObject find(String id, DirectoryObjectType type) {
        DirectoryObject object = find(id);
        return object != null && object.type() == type ? object : null;
    }

    /** A user by object id or by user principal name (case-insensitive), as {@code /users/{id | upn}} takes it. */
    public synchronized DirectoryObject user(String idOrPrincipalName) {
        DirectoryObject byId = find(idOrPrincipalName, DirectoryObjectType.USER);
        if (byId != null) {
            return byId;
        }
        String id = userIdsByPrincipalName.get(idOrPrincipalName.toLowerCase(Locale.ROOT));
        return id == null ? null : objects.get(id);
    }

    public synchronized List<DirectoryObject> all(DirectoryObjectType type) {
        var result = new ArrayList<DirectoryObject>();
        for (DirectoryObject object : objects.values()) {
            if (object.type() == type) {
                result.add(object);
            }
        }
        return result;
    }

    public synchronized int count(DirectoryObjectType type) {
        return counts.getOrDefault(type, 0);
    }

    /** A group's direct members that still exist, in the order they were added. */
    public synchronized List<DirectoryObject> members(DirectoryObject group) {
        var result = new ArrayList<DirectoryObject>(group.memberIds().size());
        for (String id : group.memberIds()) {
            DirectoryObject member = objects.get(id);
            if (member != null) {
                result.add(member);
            }
        }
        return result;
    }

    /**
     * Every member reachable through nested groups, each once, nested groups included, breadth first: the flat list
     * {@code transitiveMembers} returns. Cycles between groups are harmless.
     */
    public synchronized List<DirectoryObject> transitiveMembers(DirectoryObject group) {
        var seen = new LinkedHashSet<String>();
        var queue = new ArrayDeque<DirectoryObject>();
        queue.add(group);
        var result = new ArrayList<DirectoryObject>();
        while (!queue.isEmpty()) {
            DirectoryObject current = queue.poll();
            for (String id : current.memberIds()) {
                DirectoryObject member = objects.get(id);
                if (member == null || id.equals(group.id()) || !seen.add(id)) {
                    continue;
                }
                result.add(member);
                if (member.type() == DirectoryObjectType.GROUP) {
                    queue.add(member);
                }
            }
        }
        return result;
    }

    /** Identifies this directory's change log: delta tokens from another one (before a reset) are void. */
    public String generation() {
        return generation;
    }

    public synchronized long sequence() {
        return sequence;
    }

    /** The changes after {@code sequence}, oldest first. */
    public synchronized List<DirectoryChange> changesAfter(long after) {
        int from = firstAfter(after);
        return new ArrayList<>(changes.subList(from, changes.size()));
    }

    private int firstAfter(long after) {
        int low = 0;
        int high = changes.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (changes.get(middle).sequence() <= after) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    // ---- changing

    /** Adds an object with the given properties (an id is made when there is none) and records its creation. */
    public synchronized DirectoryObject create(DirectoryObjectType type, ObjectNode properties) {
        JsonNode given = properties.get("id");
        String id = given == null || given.isNull() ? UUID.randomUUID().toString()
                : given.asText().toLowerCase(Locale.ROOT);
        if (objects.containsKey(id)) {
            throw new IllegalArgumentException("a directory object with id " + id + " exists already");
        }
        var object = new DirectoryObject(id, type, properties);
        if (type == DirectoryObjectType.USER) {
            String upn = object.text("userPrincipalName");
            if (upn == null) {
                throw new IllegalArgumentException("user " + id + " has no userPrincipalName");
            }
            if (userIdsByPrincipalName.putIfAbsent(upn.toLowerCase(Locale.ROOT), id) != null) {
                throw new IllegalArgumentException("userPrincipalName " + upn + " is taken");
            }
        }
        objects.put(id, object);
        counts.merge(type, 1, Integer::sum);
        record(object, DirectoryChange.Kind.CREATED, Set.of(), null);
        return object;
    }

    /** Sets (or, with a JSON null, clears) properties of an object and records which ones changed. */
    public synchronized void update(String id, ObjectNode patch) {
        DirectoryObject object = require(id);
        var changed = new LinkedHashSet<String>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("id")) {
                continue;
            }
            JsonNode before = object.properties().get(field.getKey());
            if (before != null && before.equals(field.getValue())) {
                continue;
            }
            if (field.getKey().equals("userPrincipalName") && object.type() == DirectoryObjectType.USER) {
                renamePrincipal(object, field.getValue().asText());
            }
            object.properties().set(field.getKey(), field.getValue());
            changed.add(field.getKey());
        }
        if (!changed.isEmpty()) {
            record(object, DirectoryChange.Kind.UPDATED, changed, null);
        }
    }

    private void renamePrincipal(DirectoryObject user, String newName) {
        String key = newName.toLowerCase(Locale.ROOT);
        String holder = userIdsByPrincipalName.get(key);
        if (holder != null && !holder.equals(user.id())) {
            throw new IllegalArgumentException("userPrincipalName " + newName + " is taken");
        }
        userIdsByPrincipalName.remove(user.text("userPrincipalName").toLowerCase(Locale.ROOT));
        userIdsByPrincipalName.put(key, user.id());
    }

    /**
     * Deletes an object: it leaves every group it was in (each recorded as a membership change) and its deletion is
     * recorded. A deleted group's members are forgotten.
     */
    public synchronized void delete(String id) {
        DirectoryObject object = require(id);
        for (DirectoryObject candidate : objects.values()) {
            if (candidate.type() == DirectoryObjectType.GROUP && candidate.mutableMembers().remove(object.id())) {
                record(candidate, DirectoryChange.Kind.MEMBER_REMOVED, Set.of(), object);
            }
        }
        objects.remove(object.id());
        counts.merge(object.type(), -1, Integer::sum);
        if (object.type() == DirectoryObjectType.USER) {
            userIdsByPrincipalName.remove(object.text("userPrincipalName").toLowerCase(Locale.ROOT));
        }
        // delta-query-groups.md: a deleted Microsoft 365 group can be restored ("changed"); a security group is
        // deleted permanently ("deleted")
        boolean unified = object.type() == DirectoryObjectType.GROUP
                && object.properties().path("groupTypes").toString().contains("\"Unified\"");
        record(object, object.type() == DirectoryObjectType.GROUP && !unified
                ? DirectoryChange.Kind.PERMANENTLY_DELETED
                : DirectoryChange.Kind.DELETED, Set.of(), null);
    }

    /** Adds a member (user, group, device, contact or service principal) to a group; false when it was one. */
    public synchronized boolean addMember(String groupId, String memberId) {
        DirectoryObject group = requireGroup(groupId);
        DirectoryObject member = require(memberId);
        if (member.id().equals(group.id())) {
            throw new IllegalArgumentException("a group cannot be a member of itself");
        }
        if (!group.mutableMembers().add(member.id())) {
            return false;
        }
        record(group, DirectoryChange.Kind.MEMBER_ADDED, Set.of(), member);
        return true;
    }

    /** Removes a member from a group; false when it was not one. */
    public synchronized boolean removeMember(String groupId, String memberId) {
        DirectoryObject group = requireGroup(groupId);
        DirectoryObject member = require(memberId);
        if (!group.mutableMembers().remove(member.id())) {
            return false;
        }
        record(group, DirectoryChange.Kind.MEMBER_REMOVED, Set.of(), member);
        return true;
    }

    /**
     * Adds many members without recording one change each: for loading fixtures and building large groups before
     * any client has a delta token. Their creation is what the first delta round reports.
     */
    public synchronized void addMembersQuietly(String groupId, List<String> memberIds) {
        DirectoryObject group = requireGroup(groupId);
        for (String memberId : memberIds) {
            DirectoryObject member = require(memberId);
            group.mutableMembers().add(member.id());
        }
    }

    public DirectoryObject require(String id) {
        DirectoryObject object = find(id);
        if (object == null) {
            throw new IllegalArgumentException("no directory object " + id);
        }
        return object;
    }

    private DirectoryObject requireGroup(String id) {
        DirectoryObject group = require(id);
        if (group.type() != DirectoryObjectType.GROUP) {
            throw new IllegalArgumentException(id + " is not a group but a " + group.type().castName());
        }
        return group;
    }

    private void record(DirectoryObject object, DirectoryChange.Kind kind, Set<String> properties,
            DirectoryObject member) {
        changes.add(new DirectoryChange(++sequence, clock.instant(), object.id(), object.type(), kind,
                Set.copyOf(properties), member == null ? null : member.id(), member == null ? null : member.type()));
    }
}
