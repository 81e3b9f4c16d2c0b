package dev.provhub.importer.password;

import java.util.function.Supplier;

import dev.provhub.importer.org.ImportSettings;
import dev.provhub.importer.rules.RowRejectedException;

/**
 * Chooses a new user's initial password by the seed's table of use-password-on-create x
 * use-random-if-not-provided x password column mapped:
 * <ol>
 * <li>use-password-on-create, a mapped column and a non-blank value: the file's password;</li>
 * <li>otherwise a password format, if the organisation has one;</li>
 * <li>otherwise, with use-random-if-not-provided, no usable password (it must be reset);</li>
 * <li>otherwise the user is not created and the row is an error.</li>
 * </ol>
 * An integration that derives passwords (DateOfBirth) takes the place of steps 2 and 3: it never leaves a user
 * without a password. Chosen passwords must meet the organisation's policy; a random one is exempt.
 */
public final class InitialPasswordRule {

    private InitialPasswordRule() {
    }

    /**
     * @param fromFile the row's password column, or null when the file has no password column
     * @param fromFormat renders the organisation's format for this user, or null when it has none
     * @param fromIntegration the integration's password for this user, or null when its integration makes none
     * @throws RowRejectedException with the reason when the user cannot be created
     */
    public static InitialPassword choose(ImportSettings settings, String fromFile, Supplier<String> fromFormat,
            Supplier<String> fromIntegration) {
        InitialPassword chosen;
        if (settings.usePasswordOnCreate() && fromFile != null && !fromFile.isBlank()) {
            chosen = new InitialPassword(fromFile, InitialPassword.Source.FILE);
        } else if (fromIntegration != null) {
            chosen = new InitialPassword(fromIntegration.get(), InitialPassword.Source.INTEGRATION);
        } else if (fromFormat != null) {
            chosen = new InitialPassword(fromFormat.get(), InitialPassword.Source.FORMAT);
        } else if (settings.useRandomPasswordIfNotProvided()) {
            return InitialPassword.random();
        } else {
            throw new RowRejectedException(settings.usePasswordOnCreate()
                    ? "no password: the row has none and the organisation has no password format"
                    : "no password: the organisation ignores file passwords and has no password format");
        }
        String violation = settings.passwordPolicy().violation(chosen.password());
        if (violation != null) {
            throw new RowRejectedException("the " + chosen.source().name().toLowerCase() + " password "
                    + violation + " (password policy)");
        }
        return chosen;
    }
}
