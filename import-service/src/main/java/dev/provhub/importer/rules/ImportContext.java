package dev.provhub.importer.rules;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.provhub.importer.org.ImportSettings;
import dev.provhub.importer.org.Organisation;
import dev.provhub.importer.password.PasswordFormat;

/** Everything the rules need to know about the file being imported and the organisation it is for. */
public final class ImportContext {

    public static final String REMOVE = "*remove*";

    private final UUID runId;
    private final Organisation organisation;
    private final ImportSettings settings;
    private final ImportOptions options;
    private final HeaderMapping mapping;
    private final ImportIntegration integration;
    private final PasswordFormat passwordFormat;
    private final Map<String, Organisation> targets = new HashMap<>();
    private final java.util.List<PendingPassword> pendingPasswords = new java.util.ArrayList<>();
    private dev.provhub.importer.user.UserFinder users;
    private dev.provhub.importer.user.UserNameGenerator.Reserved reservedNames;
    private final java.util.List<dev.provhub.importer.user.DirectoryUser> created = new java.util.ArrayList<>();

    /** A new user's chosen password, hashed (in parallel with the batch's others) before the batch commits. */
    public record PendingPassword(dev.provhub.importer.user.DirectoryUser user, String password) {
        @Override
        public String toString() {
            return "PendingPassword[" + user.id + "]";
        }
    }

    public ImportContext(UUID runId, Organisation organisation, ImportOptions options, HeaderMapping mapping,
            ImportIntegration integration) {
        this.runId = runId;
        this.organisation = organisation;
        this.settings = organisation.importSettings();
        this.options = options;
        this.mapping = mapping;
        this.integration = integration;
        this.passwordFormat = settings.newUserPasswordFormat() == null ? null
                : PasswordFormat.parse(settings.newUserPasswordFormat());
    }

    public UUID runId() {
        return runId;
    }

    public Organisation organisation() {
        return organisation;
    }

    public ImportSettings settings() {
        return settings;
    }

    public ImportOptions options() {
        return options;
    }

    public HeaderMapping mapping() {
        return mapping;
    }

    public ImportIntegration integration() {
        return integration;
    }

    public PasswordFormat passwordFormat() {
        return passwordFormat;
    }

    Map<String, Organisation> targets() {
        return targets;
    }

    /** The users the current batch can refer to; null outside a batch (lookups then go to the database). */
    /** A user this batch created, to be written at its end. */
    void created(dev.provhub.importer.user.DirectoryUser user) {
        created.add(user);
    }

    /** The users this batch created, not written yet; forgets them. */
    public java.util.List<dev.provhub.importer.user.DirectoryUser> takeCreated() {
        var taken = java.util.List.copyOf(created);
        created.clear();
        return taken;
    }

    /** User names reserved for the users this batch creates, or null. */
    public dev.provhub.importer.user.UserNameGenerator.Reserved reservedNames() {
        return reservedNames;
    }

    public void reservedNames(dev.provhub.importer.user.UserNameGenerator.Reserved names) {
        this.reservedNames = names;
    }

    public dev.provhub.importer.user.UserFinder users() {
        return users;
    }

    public void users(dev.provhub.importer.user.UserFinder index) {
        this.users = index;
    }

    void hashLater(dev.provhub.importer.user.DirectoryUser user, String password) {
        pendingPasswords.add(new PendingPassword(user, password));
    }

    /** The passwords waiting for their hash, handed over once: the list is emptied. */
    public java.util.List<PendingPassword> takePendingPasswords() {
        var taken = java.util.List.copyOf(pendingPasswords);
        pendingPasswords.clear();
        return taken;
    }

    /** The row's value of a profile field (case-insensitive), null when absent, empty or {@value #REMOVE}. */
    public String profileValue(ImportRow row, String field) {
        for (var entry : row.profile().entrySet()) {
            if (entry.getKey().equalsIgnoreCase(field)) {
                String value = entry.getValue();
                return value == null || value.isBlank() || value.equalsIgnoreCase(REMOVE) ? null : value;
            }
        }
        return null;
    }

    /** Renders the organisation's password format for a new user from the row's values. */
    public String renderPassword(ImportRow row) {
        return passwordFormat.render(part -> keyValue(row, part));
    }

    private PasswordFormat.KeyValue keyValue(ImportRow row, String part) {
        String key = part.trim().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "firstname" -> new PasswordFormat.KeyValue("FirstName", row.firstName());
            case "lastname" -> new PasswordFormat.KeyValue("LastName", row.lastName());
            case "emailaddress" -> new PasswordFormat.KeyValue("EmailAddress", row.email());
            case "orgloginid" -> new PasswordFormat.KeyValue("OrgLoginID", row.orgLoginId());
            case "loginid" -> new PasswordFormat.KeyValue("LoginID", row.loginId());
            default -> organisation.profileField(part)
                    .map(field -> new PasswordFormat.KeyValue(field, profileValue(row, field)))
                    .orElse(null);
        };
    }
}
