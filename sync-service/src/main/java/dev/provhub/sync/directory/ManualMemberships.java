package dev.provhub.sync.directory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.provhub.events.UserChangeType;

/**
 * Memberships made by hand (source {@code manual}): added and removed over REST, never touched by a sync. A user
 * whose groups change this way publishes {@code user.updated}; its row lock orders the change with a sync's.
 */
@ApplicationScoped
public class ManualMemberships {

    private final Memberships memberships;
    private final UserChangePublisher publisher;
    private final EntityManager em;

    ManualMemberships(Memberships memberships, UserChangePublisher publisher, EntityManager em) {
        this.memberships = memberships;
        this.publisher = publisher;
        this.em = em;
    }

    /** @return true when the user was not a member before */
    @Transactional
    public boolean add(String groupName, String userName) {
        AppGroup group = group(groupName);
        AppUser user = user(userName);
        List<MembershipRow> rows = memberships.ofUsers(List.of(user.id)).getOrDefault(user.id, List.of());
        boolean member = rows.stream().anyMatch(r -> r.groupId().equals(group.id));
        var row = new MembershipRow(group.id, user.id, MembershipSource.MANUAL);
        if (rows.contains(row)) {
            return false;
        }
        memberships.add(List.of(row));
        if (!member) {
            changed(user);
        }
        return !member;
    }

    /**
     * Removes the manual membership.
     *
     * @throws DirectoryExceptions.ManagedMembership when only a sync wants the membership
     */
    @Transactional
    public void remove(String groupName, String userName) {
        AppGroup group = group(groupName);
        AppUser user = user(userName);
        List<MembershipRow> rows = memberships.ofUsers(List.of(user.id)).getOrDefault(user.id, List.of()).stream()
                .filter(r -> r.groupId().equals(group.id)).toList();
        var manual = new MembershipRow(group.id, user.id, MembershipSource.MANUAL);
        if (rows.isEmpty()) {
            throw new DirectoryExceptions.NotFound("'" + user.userName + "' is not a member of '" + group.name + "'");
        }
        if (!rows.contains(manual)) {
            throw new DirectoryExceptions.ManagedMembership("'" + user.userName + "' is in '" + group.name
                    + "' because the sync put it there (" + String.join(", ", rows.stream().map(MembershipRow::source)
                            .toList())
                    + "); it leaves when it leaves the Office 365 group");
        }
        memberships.remove(List.of(manual));
        if (rows.size() == 1) {
            changed(user);
        }
    }

    private void changed(AppUser user) {
        user.updatedAt = Instant.now();
        Map<UUID, List<String>> groups = memberships.groupNames(List.of(user.id));
        publisher.publish(user, UserChangeType.UPDATED, Set.of("groups"), groups.get(user.id));
        em.flush();
    }

    private static AppGroup group(String name) {
        return AppGroup.byName(name).orElseThrow(() -> new DirectoryExceptions.NotFound("no group named '" + name
                + "'"));
    }

    private AppUser user(String userName) {
        List<AppUser> found = em.createQuery("from AppUser u where lower(u.userName) = lower(?1) and u.deleted = false",
                AppUser.class).setParameter(1, userName).setLockMode(LockModeType.OPTIMISTIC).getResultList();
        if (found.isEmpty()) {
            throw new DirectoryExceptions.NotFound("no user named '" + userName + "'");
        }
        return found.get(0);
    }
}
