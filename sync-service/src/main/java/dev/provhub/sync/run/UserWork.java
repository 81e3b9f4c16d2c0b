package dev.provhub.sync.run;

import java.util.Set;

import dev.provhub.sync.mapping.MappedUser;

/**
 * One user a run has to decide about.
 *
 * @param graphId the Entra object id, or null for a known user not linked to Entra
 * @param userId the application user, when known already (a user who left a group)
 * @param mapped the user's values as the application will hold them, or null when only its memberships change
 *        (a known user who left or joined a group and whose attributes the run did not read)
 * @param roots the ids of the run's Office 365 groups the user is a member of (directly or, with
 *        {@code --process-child-groups}, through nested groups)
 * @param deletedInEntra Entra no longer has the user
 */
public record UserWork(String graphId, java.util.UUID userId, MappedUser mapped, Set<String> roots, boolean deletedInEntra) {

    public UserWork {
        roots = Set.copyOf(roots);
    }
}
