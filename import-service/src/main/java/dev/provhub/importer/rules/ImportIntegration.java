package dev.provhub.importer.rules;

import java.util.List;
import java.util.Set;

import dev.provhub.importer.user.DirectoryUser;

/**
 * Custom code for one organisation's imports, chosen by name in its settings ({@code integration}, the seed's
 * "class name"). The three hooks are the seed's: before the organisation's rows, before each user, after each user
 * with the raw row. Implement it as an {@code @ApplicationScoped} bean.
 */
public interface ImportIntegration {

    /** The name organisations use in {@code integration}. */
    String name();

    /** Other names accepted for this integration (e.g. the seed's class names). */
    default Set<String> aliases() {
        return Set.of();
    }

    /** Runs once per file, before any row (seed: DoInitialOrgWork). */
    default void beforeOrganisation(ImportContext context) {
    }

    /** Runs before a row creates or changes a user (seed: DoInitialUserWork); throw RowRejectedException to refuse. */
    default void beforeUser(ImportContext context, ImportRow row) {
    }

    /** Runs after a user was created or changed, with the row's raw fields (seed: FinishUser). */
    default void afterUser(ImportContext context, DirectoryUser user, ImportRow row, List<String> rawRow) {
    }

    /** True when {@link #initialPassword} decides new users' passwords instead of the format and random rule. */
    default boolean decidesPasswords() {
        return false;
    }

    /**
     * The initial password for a new user when this integration decides it (replacing the password format and the
     * random password), or null to leave it to the organisation's settings.
     */
    default String initialPassword(ImportContext context, ImportRow row) {
        return null;
    }
}
