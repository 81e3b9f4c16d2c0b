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
 * The one way an import finds users by the keys a row carries. The users a batch of rows can refer to are loaded
 * with a few queries before the batch instead of several queries per row, and kept up to date as the batch creates
 * and changes users; a key the batch did not announce (a user found by one key whose other keys are checked) is
 * looked up in the database once. A lookup answers what the same lookup in the database would: a key that a user
 * no longer has does not find it, and users that are not deleted come first.
 */
public final class UserFinder {

    private static final int CHUNK = 1_000;
    private static final Comparator<DirectoryUser> DELETED_LAST = Comparator
            .comparing((DirectoryUser u) -> u.deleted).thenComparing(u -> u.createdAt);

    private final Map<String, List<DirectoryUser>> byUserName = new HashMap<>();
    private final Map<String, List<DirectoryUser>> byOrgLoginId = new HashMap<>();
    private final Map<String, List<DirectoryUser>> byEmail = new HashMap<>();
    private final Map<String, List<DirectoryUser>> byRecordUid = new HashMap<>();
    private final EntityManager em;
    private final Set<UUID> loaded = new HashSet<>();
    /** The keys whose users are loaded, by query: a miss among them is a miss in the database too. */
    private final Map<String, Set<String>> loadedKeys = new HashMap<>();

    private UserFinder(EntityManager em) {
        this.em = em;
    }

    /** Loads every user that has one of the keys a batch's rows carry. */
    public static UserFinder forBatch(EntityManager em, Set<String> userNames, UUID homeOrgId,
            Set<String> orgLoginIds, Set<String> emails, Set<String> recordUids) {
        var finder = new UserFinder(em);
        finder.load(NAME, lower(userNames), null);
        finder.load(ORG_LOGIN_ID, lower(orgLoginIds), homeOrgId);
        finder.load(EMAIL, lower(emails), null);
        finder.load(RECORD_UID, recordUids, null);
        return finder;
    }

    private static final String NAME = "lower(user_name) = any (cast(?1 as text[]))";
    private static final String ORG_LOGIN_ID = "home_org_id = ?2 and lower(org_login_id) = any (cast(?1 as text[]))";
    private static final String EMAIL = "lower(email) = any (cast(?1 as text[]))";
    private static final String RECORD_UID = "record_uid = any (cast(?1 as text[]))";

    private void load(String where, Set<String> keys, UUID org) {
        loaded(where, org).addAll(keys);
        loadWhere(where, keys, org);
    }

    private Set<String> loaded(String where, UUID org) {
        return loadedKeys.computeIfAbsent(org == null ? where : where + org, w -> new HashSet<>());
    }

    /** Makes sure the users with {@code key} are loaded, querying the database for a key not loaded before. */
    private void ensure(String where, String key, UUID org) {
        String normalised = where.equals(RECORD_UID) ? key : key.toLowerCase(Locale.ROOT);
        if (loaded(where, org).add(normalised)) {
            loadWhere(where, Set.of(normalised), org);
        }
    }

    /**
     * Finds the ids of the users with one of {@code keys} (one query with an array, however many keys), then loads
     * those not loaded yet with their organisations and profile values.
     */
    private void loadWhere(String where, Set<String> keys, UUID org) {
        if (keys.isEmpty()) {
            return;
        }
        var query = em.createNativeQuery("select id from directory_user where " + where, UUID.class)
                .setParameter(1, keys.toArray(String[]::new));
        if (org != null) {
            query.setParameter(2, org);
        }
        @SuppressWarnings("unchecked")
        List<UUID> ids = query.getResultList();
        var missing = ids.stream().filter(id -> !loaded.contains(id)).distinct().toList();
        for (int from = 0; from < missing.size(); from += CHUNK) {
            var chunk = missing.subList(from, Math.min(missing.size(), from + CHUNK));
            for (DirectoryUser user : em.createQuery("select distinct u from DirectoryUser u "
                    + "left join fetch u.orgIds left join fetch u.profile where u.id in :ids", DirectoryUser.class)
                    .setParameter("ids", chunk).getResultList()) {
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
        if (userName != null) {
            ensure(NAME, userName, null);
        }
        return find(byUserName, userName, u -> u.userName);
    }

    /** OrgLoginIDs are the organisation's own: they are looked up among the users it created, deleted ones too. */
    public Optional<DirectoryUser> byOrgLoginId(UUID homeOrgId, String orgLoginId) {
        if (orgLoginId != null) {
            ensure(ORG_LOGIN_ID, orgLoginId, homeOrgId);
        }
        return find(byOrgLoginId, orgKey(homeOrgId, orgLoginId), u -> orgKey(u.homeOrgId, u.orgLoginId));
    }

    /** Users that are not deleted come first; a deleted user is found only if its e-mail was preserved. */
    public Optional<DirectoryUser> byEmail(String email) {
        if (email != null) {
            ensure(EMAIL, email, null);
        }
        return find(byEmail, email, u -> u.email);
    }

    public Optional<DirectoryUser> byRecordUid(String recordUid) {
        if (recordUid != null) {
            ensure(RECORD_UID, recordUid, null);
        }
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
