package dev.provhub.sync.run;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.provhub.events.UserChangeType;
import dev.provhub.sync.directory.AppUser;
import dev.provhub.sync.directory.MembershipRow;

/**
 * What a run does to one user: create, update or leave it, the membership rows to add and remove, the groups it
 * joins and leaves, the event to publish (null: none), or why it is skipped.
 *
 * @param userId the user's id (a new id for a user to create)
 * @param existing the user as held now, or null
 */
record Decision(UserWork work, UUID userId, AppUser existing, Outcome outcome, String reason,
        List<MembershipRow> adds, List<MembershipRow> removes, Set<UUID> joined, Set<UUID> left,
        Set<String> changedFields, UserChangeType event) {

    enum Outcome {
        CREATED,
        UPDATED,
        UNCHANGED,
        /** Not created ({@code -a} does not allow it) or in conflict with another user; nothing written. */
        SKIPPED
    }

    static Decision skipped(UserWork work, String reason) {
        return new Decision(work, null, null, Outcome.SKIPPED, reason, List.of(), List.of(), Set.of(), Set.of(),
                Set.of(), null);
    }

    String userName() {
        if (work.mapped() != null) {
            return work.mapped().userName();
        }
        return existing == null ? work.graphId() : existing.userName;
    }

    boolean writes() {
        return outcome == Outcome.CREATED || event != null || !adds.isEmpty() || !removes.isEmpty();
    }
}
