package dev.provhub.sync.directory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;

/** The directory as the API shows it: records, never entities. */
public final class DirectoryViews {

    private DirectoryViews() {
    }

    public record GroupView(UUID id, String name, boolean createdBySync, String graphGroupId, long members,
            Instant createdAt) {
    }

    public record NewGroup(@NotBlank String name) {
    }

    /** A member: {@code managed} when a sync wants the membership (it removes it when the user leaves). */
    public record MemberView(UUID userId, String userName, boolean managed, boolean manual, List<String> sources) {
    }

    public record UserView(UUID id, String userName, String firstName, String lastName, String email, String upn,
            String displayName, String userType, String trustedServerUserName, String graphId, boolean enabled,
            boolean deleted, Map<String, String> customAttributes, List<String> groups, long version,
            Instant createdAt, Instant updatedAt) {

        static UserView of(AppUser user, List<String> groups) {
            return new UserView(user.id, user.userName, user.firstName, user.lastName, user.email, user.upn,
                    user.displayName, user.userType, user.trustedServerUserName, user.graphId, user.enabled,
                    user.deleted, user.customAttributes, groups, user.eventVersion, user.createdAt, user.updatedAt);
        }
    }
}
