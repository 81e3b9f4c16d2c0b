package dev.provhub.sync.run;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import dev.provhub.events.UserChangeType;
import dev.provhub.sync.directory.AppUser;
import dev.provhub.sync.directory.MembershipRow;
import dev.provhub.sync.directory.MembershipSource;
import dev.provhub.sync.directory.UserChangePublisher;
import dev.provhub.sync.mapping.MappedUser;

/**
 * Decides what a run does to one user from what Entra says and what the application holds; it writes nothing, so
 * the same decision serves the threshold check, the dry run and the real run.
 * <ul>
 * <li>found by Entra object id, else by user name (a user made by hand is linked); a user name held by another
 * Entra user is a conflict, and the user is skipped;</li>
 * <li>created only with {@code -a all}; otherwise only existing users are updated;</li>
 * <li>memberships: the app group of each of the run's groups the user is in (source {@code graph:<id>}), the Default
 * Group unless {@code --skip-default-group}, the groups its {@code --map-attr-to-group} values name; rows of the
 * run's sources the user no longer qualifies for are removed; manual rows are never touched;</li>
 * <li>disabled in Entra: deactivated; deleted in Entra: deleted, leaving every group the sync put it in.</li>
 * </ul>
 */
final class UserDecider {

    private final SyncOptions options;
    private final List<RootGroup> roots;
    private final GroupResolution groups;
    private final String defaultGroup;

    UserDecider(SyncOptions options, List<RootGroup> roots, GroupResolution groups, String defaultGroup) {
        this.options = options;
        this.roots = roots;
        this.groups = groups;
        this.defaultGroup = defaultGroup;
    }

    List<RootGroup> roots() {
        return roots;
    }

    Decision decide(UserWork work, ExistingState state) {
        MappedUser mapped = work.mapped();
        AppUser existing = work.userId() != null ? state.byId.get(work.userId())
                : work.graphId() == null ? null : state.byGraphId.get(work.graphId());
        if (existing == null && mapped != null) {
            AppUser byName = state.liveByName.get(mapped.userName().toLowerCase(Locale.ROOT));
            if (byName != null && byName.graphId != null && !byName.graphId.equals(mapped.graphId())) {
                return Decision.skipped(work, "the user name '" + mapped.userName()
                        + "' belongs to the user of another Entra object (" + byName.graphId + ")");
            }
            existing = byName;
        }
        if (existing != null && mapped != null
                && (!existing.userName.equalsIgnoreCase(mapped.userName()) || existing.deleted)) {
            AppUser holder = state.liveByName.get(mapped.userName().toLowerCase(Locale.ROOT));
            if (holder != null && holder != existing) {
                return Decision.skipped(work, "cannot rename '" + existing.userName + "' to '" + mapped.userName()
                        + "': another user has that name");
            }
        }
        if (existing == null) {
            if (mapped == null || work.deletedInEntra()) {
                return Decision.skipped(work, "not in the application");
            }
            if (!options.autoCreate().createsUsers()) {
                return Decision.skipped(work, "does not exist in the application (-a all creates users)");
            }
        }
        if (existing != null && existing.deleted && (mapped == null || work.deletedInEntra())) {
            return unchanged(work, existing);
        }
        UUID userId = existing != null ? existing.id : UUID.randomUUID();
        List<MembershipRow> current = state.rowsOf(existing == null ? null : existing.id);
        Set<MembershipRow> wanted = wanted(work, userId, current);
        var adds = new ArrayList<MembershipRow>();
        var removes = new ArrayList<MembershipRow>();
        Set<String> ownSources = ownSources(work);
        for (MembershipRow row : current) {
            boolean ours = work.deletedInEntra() ? MembershipSource.isManaged(row.source())
                    : ownSources.contains(row.source());
            if (ours && !wanted.contains(row)) {
                removes.add(row);
            }
        }
        for (MembershipRow row : wanted) {
            if (!current.contains(row)) {
                adds.add(row);
            }
        }
        Set<UUID> before = groupIds(current);
        var afterRows = new ArrayList<>(current);
        afterRows.removeAll(removes);
        afterRows.addAll(adds);
        Set<UUID> after = groupIds(afterRows);
        var joined = new LinkedHashSet<>(after);
        joined.removeAll(before);
        var left = new LinkedHashSet<>(before);
        left.removeAll(after);

        var changed = new LinkedHashSet<String>();
        UserChangeType event;
        Decision.Outcome outcome;
        if (existing == null) {
            outcome = Decision.Outcome.CREATED;
            event = UserChangeType.CREATED;
            changed.addAll(List.of("userName", "active", "userType", "sourceKey"));
            fieldChanges(null, mapped, changed);
            if (!after.isEmpty()) {
                changed.add("groups");
            }
        } else {
            boolean wasActive = existing.active();
            boolean willBeActive;
            if (work.deletedInEntra()) {
                willBeActive = false;
                changed.add("active");
            } else {
                if (mapped != null) {
                    fieldChanges(existing, mapped, changed);
                }
                willBeActive = mapped == null ? wasActive : mapped.enabled();
                if (wasActive != willBeActive) {
                    changed.add("active");
                }
            }
            if (!joined.isEmpty() || !left.isEmpty()) {
                changed.add("groups");
            }
            if (work.deletedInEntra()) {
                event = UserChangeType.DELETED;
            } else if (wasActive && !willBeActive) {
                event = UserChangeType.DEACTIVATED;
            } else if (!wasActive && willBeActive) {
                event = UserChangeType.REACTIVATED;
            } else if (!changed.isEmpty() || options.force() && mapped != null) {
                event = UserChangeType.UPDATED;
            } else {
                event = null;
            }
            outcome = event == null && adds.isEmpty() && removes.isEmpty() ? Decision.Outcome.UNCHANGED
                    : changed.stream().anyMatch(f -> !f.equals("groups")) || options.force() && mapped != null
                            || work.deletedInEntra() ? Decision.Outcome.UPDATED : Decision.Outcome.UNCHANGED;
        }
        return new Decision(work, userId, existing, outcome, null, adds, removes, joined, left, changed, event);
    }

    private Decision unchanged(UserWork work, AppUser existing) {
        return new Decision(work, existing.id, existing, Decision.Outcome.UNCHANGED, null, List.of(), List.of(),
                Set.of(), Set.of(), Set.of(), null);
    }

    /** The sources this run decides for this user: its groups, and the attribute sources it read. */
    private Set<String> ownSources(UserWork work) {
        var sources = new HashSet<String>();
        roots.forEach(root -> sources.add(root.source()));
        if (work.mapped() != null) {
            work.mapped().attributeGroups().keySet().forEach(a -> sources.add(MembershipSource.attribute(a)));
        }
        return sources;
    }

    private Set<MembershipRow> wanted(UserWork work, UUID userId, List<MembershipRow> current) {
        var wanted = new LinkedHashSet<MembershipRow>();
        if (work.deletedInEntra()) {
            return wanted;
        }
        for (RootGroup root : roots) {
            if (work.roots().contains(root.graphId())) {
                groups.find(root.appGroupName()).ifPresent(g -> wanted.add(new MembershipRow(g.id(), userId,
                        root.source())));
            }
        }
        MappedUser mapped = work.mapped();
        if (mapped == null) {
            return wanted;
        }
        if (!options.skipDefaultGroup() && !work.roots().isEmpty()) {
            groups.find(defaultGroup).ifPresent(g -> wanted.add(new MembershipRow(g.id(), userId,
                    MembershipSource.DEFAULT_GROUP)));
        }
        for (Map.Entry<String, List<String>> attribute : mapped.attributeGroups().entrySet()) {
            for (String name : attribute.getValue()) {
                groups.find(name).ifPresent(g -> wanted.add(new MembershipRow(g.id(), userId,
                        MembershipSource.attribute(attribute.getKey()))));
            }
        }
        return wanted;
    }

    /** The event fields {@code mapped} changes on {@code user} (all that have a value, for a new user). */
    private void fieldChanges(AppUser user, MappedUser mapped, Set<String> changed) {
        compare(user == null ? null : user.userName, mapped.userName(), "userName", changed);
        compare(user == null ? null : user.firstName, mapped.firstName(), "givenName", changed);
        compare(user == null ? null : user.lastName, mapped.lastName(), "familyName", changed);
        compare(user == null ? null : user.email, mapped.email(), "email", changed);
        compare(user == null ? null : user.upn, mapped.upn(), "upn", changed);
        compare(user == null ? null : user.displayName, mapped.displayName(), "displayName", changed);
        compare(user == null ? null : user.trustedServerUserName, mapped.trustedServerUserName(),
                "attributes." + UserChangePublisher.TRUSTED_SERVER_ATTRIBUTE, changed);
        compare(user == null ? null : user.graphId, mapped.graphId(), "sourceKey", changed);
        for (String attribute : options.customUserAttributes()) {
            compare(user == null ? null : user.customAttributes.get(attribute), mapped.customAttributes().get(
                    attribute), "attributes." + attribute, changed);
        }
    }

    private static void compare(String before, String after, String field, Set<String> changed) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
        }
    }

    private static Set<UUID> groupIds(List<MembershipRow> rows) {
        var ids = new LinkedHashSet<UUID>();
        rows.forEach(row -> ids.add(row.groupId()));
        return ids;
    }
}
