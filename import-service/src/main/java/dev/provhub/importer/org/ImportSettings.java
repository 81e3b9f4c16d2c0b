package dev.provhub.importer.org;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An organisation's import configuration: every attribute of the MarineLMS UserImporter (their seed names are
 * accepted too, see {@link SeedAttributeNames}) plus the single-source full-import settings. Missing values take
 * the documented defaults.
 *
 * @param importFolder folder the background job imports every file from (seed: UserImportFilePath)
 * @param backupFolder folder processed files are moved to (seed: UserImportBackupFilePath)
 * @param notificationContacts who gets the folder imports' reports (seed: UserImportEmailNotificationContacts)
 * @param batchSize rows per transaction (seed: UserImportBatchSize)
 * @param usePasswordOnCreate use the file's password column for new users (default true)
 * @param useRandomPasswordIfNotProvided create new users without a usable password when no other source gives one
 *        (default false)
 * @param newUserPasswordFormat template for initial passwords, e.g. {@code LastName+123!}
 * @param expireInitialPassword the user must change the initial password at first login
 * @param integration name of the custom integration (seed: UserImportClassName)
 * @param csvDelimiter the CSV delimiter (default {@code ,})
 * @param preserveOrgLoginIdOnDelete keep OrgLoginID and e-mail on delete so a later import restores the same user
 * @param profileTranslations CSV header -> import key or profile field name
 * @param zipPasswordSecret name of the configuration property (backed by a Secret) holding the zip password
 * @param backupRetentionDays days backups are kept (default 7)
 * @param passwordPolicy complexity rules of initial passwords
 * @param importMode {@code partial} (default) or {@code full}
 * @param sourceUid the source system's id for full imports
 * @param limboOrg name of the limbo organisation under the same root (default {@code limbo})
 * @param deletionGracePeriod days before deactivation / deletion of users who left (full imports)
 * @param removalThresholdPercent a full import may remove at most this share of the organisation's users unless
 *        forced (default 20)
 * @param userNameScheme how user names are generated, e.g. {@code <firstname>.<lastname>}
 * @param eventFields which profile field fills each profile-backed field of the user-change events:
 *        {@code upn}, {@code postalCode}, {@code employeeNumber}, {@code userType}, {@code displayName}; the
 *        given entries replace the defaults ({@link #DEFAULT_EVENT_FIELDS}) one by one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportSettings(
        String importFolder,
        String backupFolder,
        List<String> notificationContacts,
        Integer batchSize,
        Boolean usePasswordOnCreate,
        Boolean useRandomPasswordIfNotProvided,
        String newUserPasswordFormat,
        Boolean expireInitialPassword,
        String integration,
        String csvDelimiter,
        Boolean preserveOrgLoginIdOnDelete,
        Map<String, String> profileTranslations,
        String zipPasswordSecret,
        Integer backupRetentionDays,
        PasswordPolicy passwordPolicy,
        ImportMode importMode,
        String sourceUid,
        String limboOrg,
        DeletionGracePeriod deletionGracePeriod,
        Integer removalThresholdPercent,
        String userNameScheme,
        Map<String, String> eventFields) {

    public static final String DEFAULT_USER_NAME_SCHEME = "<firstname>.<lastname>";

    /** Event field -> the profile field it is taken from, unless an organisation says otherwise. */
    public static final Map<String, String> DEFAULT_EVENT_FIELDS = Map.of("upn", "UPN", "postalCode", "PostalCode",
            "employeeNumber", "EmployeeNumber", "userType", "UserType", "displayName", "DisplayName");

    public ImportSettings {
        notificationContacts = notificationContacts == null ? List.of() : List.copyOf(notificationContacts);
        batchSize = batchSize == null ? 500 : batchSize;
        usePasswordOnCreate = usePasswordOnCreate == null || usePasswordOnCreate;
        useRandomPasswordIfNotProvided = useRandomPasswordIfNotProvided != null && useRandomPasswordIfNotProvided;
        expireInitialPassword = expireInitialPassword != null && expireInitialPassword;
        csvDelimiter = csvDelimiter == null || csvDelimiter.isEmpty() ? "," : csvDelimiter;
        preserveOrgLoginIdOnDelete = preserveOrgLoginIdOnDelete != null && preserveOrgLoginIdOnDelete;
        profileTranslations = profileTranslations == null ? Map.of() : Map.copyOf(profileTranslations);
        backupRetentionDays = backupRetentionDays == null ? 7 : backupRetentionDays;
        passwordPolicy = passwordPolicy == null ? PasswordPolicy.defaults() : passwordPolicy;
        importMode = importMode == null ? ImportMode.PARTIAL : importMode;
        limboOrg = limboOrg == null || limboOrg.isBlank() ? "limbo" : limboOrg;
        deletionGracePeriod = deletionGracePeriod == null ? DeletionGracePeriod.defaults() : deletionGracePeriod;
        removalThresholdPercent = removalThresholdPercent == null ? 20 : removalThresholdPercent;
        userNameScheme = userNameScheme == null || userNameScheme.isBlank() ? DEFAULT_USER_NAME_SCHEME
                : userNameScheme;
        var fields = new java.util.TreeMap<>(DEFAULT_EVENT_FIELDS);
        if (eventFields != null) {
            fields.putAll(eventFields);
        }
        eventFields = Map.copyOf(fields);
    }

    /** The profile field that fills {@code eventField} of the user-change events. */
    public String eventField(String eventField) {
        return eventFields.get(eventField);
    }

    public static ImportSettings defaults() {
        return new ImportSettings(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    public char delimiter() {
        return csvDelimiter.charAt(0);
    }
}
