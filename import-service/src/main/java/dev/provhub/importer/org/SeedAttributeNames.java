package dev.provhub.importer.org;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The MarineLMS organisation attribute names ({@code System.Customer.UserImport...}) and the settings they set, so
 * an administrator can paste the attributes they had. Values keep the seed's forms: {@code True}/{@code False},
 * comma-separated contacts, translations as {@code Header=Key} pairs.
 */
public final class SeedAttributeNames {

    private static final Map<String, String> TO_SETTING = new LinkedHashMap<>();

    static {
        TO_SETTING.put("System.Customer.UserImportFilePath", "importFolder");
        TO_SETTING.put("System.Customer.UserImportBackupFilePath", "backupFolder");
        TO_SETTING.put("System.Customer.UserImportEmailNotificationContacts", "notificationContacts");
        TO_SETTING.put("System.Customer.UserImportEmailNotification", "notificationContacts");
        TO_SETTING.put("System.Customer.UserImportBatchSize", "batchSize");
        TO_SETTING.put("System.Customer.UserImportUsePasswordOnCreate", "usePasswordOnCreate");
        TO_SETTING.put("System.Customer.UserImportUseRandomPasswordIfNotProvided", "useRandomPasswordIfNotProvided");
        TO_SETTING.put("System.Customer.UserImportNewUserPasswordFormat", "newUserPasswordFormat");
        TO_SETTING.put("System.Customer.UserImportExpireInitialPassword", "expireInitialPassword");
        TO_SETTING.put("System.Customer.UserImportClassName", "integration");
        TO_SETTING.put("System.Customer.UserImportCsvDelimiter", "csvDelimiter");
        TO_SETTING.put("System.Customer.PreserveOrgLoginIdOnDelete", "preserveOrgLoginIdOnDelete");
        TO_SETTING.put("System.Customer.UserImportProfileTranslations", "profileTranslations");
    }

    private SeedAttributeNames() {
    }

    /** The setting a seed attribute sets, or null when {@code name} is not a seed attribute (case-insensitive). */
    public static String settingFor(String name) {
        for (var entry : TO_SETTING.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** Converts a seed value given as text into the form of the setting. */
    static Object convert(String setting, String seedName, Object value) {
        if (!(value instanceof String text)) {
            return value;
        }
        return switch (setting) {
            case "notificationContacts" -> text.isBlank() ? java.util.List.of()
                    : java.util.Arrays.stream(text.split("[,;]")).map(String::trim).filter(s -> !s.isEmpty())
                            .toList();
            case "batchSize" -> parseInt(seedName, text);
            case "usePasswordOnCreate", "useRandomPasswordIfNotProvided", "expireInitialPassword",
                    "preserveOrgLoginIdOnDelete" ->
                parseBoolean(seedName, text);
            case "profileTranslations" -> parseTranslations(seedName, text);
            default -> text;
        };
    }

    private static Integer parseInt(String name, String text) {
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSettingsException(name, "must be a whole number, not '" + text + "'");
        }
    }

    private static Boolean parseBoolean(String name, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> Boolean.TRUE;
            case "false", "no", "0", "" -> Boolean.FALSE;
            default -> throw new InvalidSettingsException(name, "must be True or False, not '" + text + "'");
        };
    }

    /** {@code Header=Key} (or {@code Header:Key}) pairs separated by {@code ,}, {@code ;} or new lines. */
    private static Map<String, String> parseTranslations(String name, String text) {
        var translations = new LinkedHashMap<String, String>();
        for (String pair : text.split("[,;\\n]")) {
            if (pair.isBlank()) {
                continue;
            }
            int separator = pair.indexOf('=') >= 0 ? pair.indexOf('=') : pair.indexOf(':');
            if (separator <= 0 || separator == pair.length() - 1) {
                throw new InvalidSettingsException(name, "expects Header=Key pairs, not '" + pair.trim() + "'");
            }
            translations.put(pair.substring(0, separator).trim(), pair.substring(separator + 1).trim());
        }
        return translations;
    }
}
