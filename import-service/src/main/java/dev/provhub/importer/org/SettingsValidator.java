package dev.provhub.importer.org;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses configurations that cannot work, naming the attribute: a limbo with a delayed deactivation, a full
 * import into the limbo organisation itself, a delimiter that is not one character, and so on.
 */
public final class SettingsValidator {

    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,200}");
    private static final Pattern PLACEHOLDER = Pattern.compile("<[a-z-]+>(\\[0])?");
    private static final Pattern ANY_PLACEHOLDER = Pattern.compile("<([^>]*)>");
    /** What {@code UserNameGenerator} fills in; any other placeholder would fail every new user's row. */
    private static final Set<String> PLACEHOLDER_NAMES = Set.of("firstname", "lastname", "email", "orgloginid",
            "recorduid");

    private SettingsValidator() {
    }

    /**
     * @param orgPath the organisation the settings are for
     * @param integrations names of the integrations this service knows
     */
    public static void validate(String orgPath, ImportSettings s, Set<String> integrations) {
        if (s.batchSize() < 1 || s.batchSize() > 10_000) {
            throw new InvalidSettingsException("batchSize", "must be between 1 and 10000, was " + s.batchSize());
        }
        if (s.csvDelimiter().length() != 1 || "\"\r\n".contains(s.csvDelimiter())) {
            throw new InvalidSettingsException("csvDelimiter",
                    "must be one character other than a quote or a line break");
        }
        if (s.backupRetentionDays() < 0) {
            throw new InvalidSettingsException("backupRetentionDays", "must not be negative");
        }
        if (s.removalThresholdPercent() < 0 || s.removalThresholdPercent() > 100) {
            throw new InvalidSettingsException("removalThresholdPercent", "must be between 0 and 100");
        }
        if (s.deletionGracePeriod().deactivation() < 0 || s.deletionGracePeriod().deletion() < 0) {
            throw new InvalidSettingsException("deletionGracePeriod", "days must not be negative");
        }
        checkFolders(s);
        for (String contact : s.notificationContacts()) {
            if (!contact.matches("[^@\\s]+@[^@\\s]+")) {
                throw new InvalidSettingsException("notificationContacts", "'" + contact + "' is not an e-mail address");
            }
        }
        if (s.zipPasswordSecret() != null && !SECRET_NAME.matcher(s.zipPasswordSecret()).matches()) {
            throw new InvalidSettingsException("zipPasswordSecret",
                    "must name a configuration property (letters, digits, '_', '.', '-'), not hold the password");
        }
        if (s.integration() != null && !s.integration().isBlank() && !integrations.contains(s.integration())) {
            throw new InvalidSettingsException("integration",
                    "unknown integration '" + s.integration() + "'; known: " + integrations);
        }
        if (s.newUserPasswordFormat() != null && s.newUserPasswordFormat().isBlank()) {
            throw new InvalidSettingsException("newUserPasswordFormat", "must not be blank");
        }
        s.eventFields().forEach((field, profileField) -> {
            if (!ImportSettings.DEFAULT_EVENT_FIELDS.containsKey(field)) {
                throw new InvalidSettingsException("eventFields", "'" + field + "' is not an event field taken "
                        + "from the profile; they are " + new java.util.TreeSet<>(ImportSettings.DEFAULT_EVENT_FIELDS
                                .keySet()));
            }
            if (profileField == null || profileField.isBlank()) {
                throw new InvalidSettingsException("eventFields", "'" + field + "' needs a profile field name");
            }
        });
        if (!PLACEHOLDER.matcher(s.userNameScheme()).find()) {
            throw new InvalidSettingsException("userNameScheme",
                    "needs at least one placeholder such as <firstname> or <lastname>");
        }
        Matcher placeholder = ANY_PLACEHOLDER.matcher(s.userNameScheme());
        while (placeholder.find()) {
            if (!PLACEHOLDER_NAMES.contains(placeholder.group(1))) {
                throw new InvalidSettingsException("userNameScheme", "unknown placeholder " + placeholder.group()
                        + "; known: " + new java.util.TreeSet<>(PLACEHOLDER_NAMES));
            }
        }
        if (s.passwordPolicy().minLength() < 1) {
            throw new InvalidSettingsException("passwordPolicy.minLength", "must be at least 1, was "
                    + s.passwordPolicy().minLength());
        }
        s.profileTranslations().forEach((header, key) -> {
            if (header.isBlank() || key.isBlank()) {
                throw new InvalidSettingsException("profileTranslations", "headers and keys must not be blank");
            }
        });
        if (s.importMode() == ImportMode.FULL) {
            checkFullImport(orgPath, s);
        }
    }

    private static void checkFolders(ImportSettings s) {
        if (s.importFolder() == null && s.backupFolder() == null) {
            return;
        }
        if (s.importFolder() == null || s.backupFolder() == null) {
            throw new InvalidSettingsException(s.importFolder() == null ? "importFolder" : "backupFolder",
                    "folder imports need both an import folder and a backup folder");
        }
        Path importFolder = folder("importFolder", s.importFolder());
        Path backupFolder = folder("backupFolder", s.backupFolder());
        if (!importFolder.isAbsolute()) {
            throw new InvalidSettingsException("importFolder", "must be an absolute path");
        }
        if (!backupFolder.isAbsolute()) {
            throw new InvalidSettingsException("backupFolder", "must be an absolute path");
        }
        if (importFolder.startsWith(backupFolder) || backupFolder.startsWith(importFolder)) {
            throw new InvalidSettingsException("backupFolder",
                    "must not be the import folder or inside it (every file there is imported)");
        }
    }

    private static Path folder(String setting, String path) {
        try {
            return Path.of(path).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidSettingsException(setting, "is not a valid path: " + e.getReason());
        }
    }

    private static void checkFullImport(String orgPath, ImportSettings s) {
        if (s.sourceUid() == null || s.sourceUid().isBlank()) {
            throw new InvalidSettingsException("sourceUid", "a full import needs the id of its source");
        }
        if (s.deletionGracePeriod().deactivation() != 0) {
            throw new InvalidSettingsException("deletionGracePeriod.deactivation",
                    "must be 0 with a limbo: users who leave their last organisation are deactivated at once");
        }
        String name = orgPath.substring(orgPath.lastIndexOf('/') + 1);
        if (name.equalsIgnoreCase(s.limboOrg())) {
            throw new InvalidSettingsException("limboOrg", "users cannot be imported into the limbo organisation");
        }
    }
}
