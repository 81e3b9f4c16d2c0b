package dev.provhub.sync.run;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code --username} and {@code --process-users}: only users named here are processed (created, updated, added or
 * removed), by their application user name or their user principal name, without case. No restriction: everyone.
 */
final class UserRestriction {

    private final Set<String> names;

    UserRestriction(SyncOptions options) {
        var all = options.username() != null ? Set.of(options.username()) : Set.copyOf(options.processUsers());
        this.names = all.stream().map(n -> n.trim().toLowerCase(Locale.ROOT)).filter(n -> !n.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    boolean restricts() {
        return !names.isEmpty();
    }

    boolean allows(String userName, String upn) {
        return names.isEmpty() || userName != null && names.contains(userName.toLowerCase(Locale.ROOT))
                || upn != null && names.contains(upn.toLowerCase(Locale.ROOT));
    }
}
