package dev.provhub.sync.run;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.provhub.sync.directory.AppUser;
import dev.provhub.sync.directory.MembershipRow;

/** What the application holds now for a chunk of users: the users and their membership rows. */
final class ExistingState {

    final Map<String, AppUser> byGraphId = new HashMap<>();
    final Map<String, AppUser> liveByName = new HashMap<>();
    final Map<UUID, AppUser> byId = new HashMap<>();
    final Map<UUID, List<MembershipRow>> rows;
    final Map<UUID, String> groupNames;

    ExistingState(List<AppUser> users, Map<UUID, List<MembershipRow>> rows, Map<UUID, String> groupNames) {
        for (AppUser user : users) {
            byId.put(user.id, user);
            if (user.graphId != null) {
                byGraphId.put(user.graphId, user);
            }
            if (!user.deleted) {
                liveByName.put(user.userName.toLowerCase(Locale.ROOT), user);
            }
        }
        this.rows = rows;
        this.groupNames = groupNames;
    }

    List<MembershipRow> rowsOf(UUID userId) {
        return userId == null ? List.of() : rows.getOrDefault(userId, List.of());
    }
}
