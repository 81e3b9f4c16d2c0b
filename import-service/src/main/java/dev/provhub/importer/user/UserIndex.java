package dev.provhub.importer.user;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.persistence.EntityManager;

/**
 * The users a batch of rows can refer to, loaded with a few queries before the batch instead of several queries per
 * row, and kept up to date as the batch creates and changes users. A lookup answers what the same lookup in the
 * database would: a key that a user no longer has does not find it.
 */
public final class UserIndex {

    private static final int CHUNK = 1_000;
    private static final Comparator<DirectoryUser> DELETED_LAST = Comparator
            .comparing((DirectoryUser u) -> u.deleted).thenComparing(u -> u.createdAt);

    private final Map<String, List<DirectoryUser>> byUserName = new HashMap<>();
    private final Map<String, List<DirectoryUser>> byOrgLoginId = new HashMap<>();
    private final Map<String, List<DirectoryUser>> byEmail = new HashMap<>();
    private final Map<String, List<DirectoryUser>> byRecordUid = new HashMap<>();

    /** Loads every user that has one of the keys. */
    public static UserIndex load(EntityManager em, Set<String> userNames, UUID homeOrgId, Set<String> orgLoginIds,
            Set<String> emails, Set<String> recordUids) {
        var index = new UserIndex();
        Set<UUID> loaded = new HashSet<>();
        index.loadWhere(em, loaded, lower(userNames), "lower(u.userName) in :keys", null);
        index.loadWhere(em, loaded, lower(orgLoginIds), "u.homeOrgId = :org and lower(u.orgLoginId) in :keys",
                homeOrgId);
        index.loadWhere(em, loaded, lower(emails), "lower(u.email) in :keys", null);
        index.loadWhere(em, loaded, recordUids, "u.recordUid in :keys", null);
        return index;
    }

    private void loadWhere(EntityManager em, Set<UUID> loaded, Set<String> keys, String where, UUID org) {
        var all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += CHUNK) {
            var chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            var query = em.createQuery("select distinct u from DirectoryUser u left join fetch u.orgIds "
                    + "left join fetch u.profile where " + where, DirectoryUser.class)
                    .setParameter("keys", chunk);
            if (org != null) {
                query.setParameter("org", org);
            }
            for (DirectoryUser user : query.getResultList()) {
                if (loaded.add(user.id)) {
                    add(user);
                }
            }
        }
    }

    /** Indexes a user under its current keys (after it was created, or changed its keys). */
    public void add(DirectoryUser user) {
        put(byUserName, user.userName, user);
        put(byOrgLoginId, orgKey(user.homeOrgId, user.orgLoginId), user);
        put(byEmail, user.email, user);
        put(byRecordUid, user.recordUid, user);
    }

    public Optional<DirectoryUser> byUserName(String userName) {
        return find(byUserName, userName, u -> u.userName);
    }

    public Optional<DirectoryUser> byOrgLoginId(UUID homeOrgId, String orgLoginId) {
        return find(byOrgLoginId, orgKey(homeOrgId, orgLoginId), u -> orgKey(u.homeOrgId, u.orgLoginId));
    }

    public Optional<DirectoryUser> byEmail(String email) {
        return find(byEmail, email, u -> u.email);
    }

    public Optional<DirectoryUser> byRecordUid(String recordUid) {
        return find(byRecordUid, recordUid, u -> u.recordUid);
    }

    private static Optional<DirectoryUser> find(Map<String, List<DirectoryUser>> map, String key,
            Function<DirectoryUser, String> currentKey) {
        if (key == null) {
            return Optional.empty();
        }
        String wanted = key.toLowerCase(Locale.ROOT);
        List<DirectoryUser> candidates = map.get(wanted);
        if (candidates == null) {
            return Optional.empty();
        }
        return candidates.stream()
                .filter(u -> currentKey.apply(u) != null && currentKey.apply(u).toLowerCase(Locale.ROOT).equals(wanted))
                .sorted(DELETED_LAST).findFirst();
    }

    private static void put(Map<String, List<DirectoryUser>> map, String key, DirectoryUser user) {
        if (key == null) {
            return;
        }
        List<DirectoryUser> users = map.computeIfAbsent(key.toLowerCase(Locale.ROOT), k -> new ArrayList<>(1));
        if (users.stream().noneMatch(u -> u.id.equals(user.id))) {
            users.add(user);
        }
    }

    private static String orgKey(UUID org, String orgLoginId) {
        return orgLoginId == null ? null : org + "/" + orgLoginId;
    }

    private static Set<String> lower(Collection<String> keys) {
        var lower = new HashSet<String>();
        keys.forEach(k -> lower.add(k.toLowerCase(Locale.ROOT)));
        return lower;
    }
}
