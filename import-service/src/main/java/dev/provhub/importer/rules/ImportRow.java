package dev.provhub.importer.rules;

import java.util.List;
import java.util.Map;

/**
 * One data line of a file, read through the header mapping. Values are trimmed; a column the file does not have is
 * null, an empty cell is "". {@link #toString()} never shows the password.
 */
public record ImportRow(long line, String action, String orgPath, String orgLoginId, String loginId,
        String password, String firstName, String lastName, String email, String contactEmail,
        String canViewReports, String forcePasswordChange, String recordUid, Map<String, String> profile,
        List<String> fields) {

    public static ImportRow read(long line, List<String> fields, HeaderMapping mapping) {
        return new ImportRow(line,
                nullToEmpty(mapping.value(fields, ImportKey.ACTION)),
                mapping.value(fields, ImportKey.ORG_PATH),
                mapping.value(fields, ImportKey.ORG_LOGIN_ID),
                mapping.value(fields, ImportKey.LOGIN_ID),
                mapping.has(ImportKey.PASSWORD) ? mapping.value(fields, ImportKey.PASSWORD) : null,
                mapping.value(fields, ImportKey.FIRST_NAME),
                mapping.value(fields, ImportKey.LAST_NAME),
                mapping.value(fields, ImportKey.EMAIL),
                mapping.value(fields, ImportKey.CONTACT_EMAIL),
                mapping.value(fields, ImportKey.CAN_VIEW_REPORTS),
                mapping.value(fields, ImportKey.FORCE_PASSWORD_CHANGE),
                mapping.value(fields, ImportKey.RECORD_UID),
                mapping.profileValues(fields),
                fields);
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    @Override
    public String toString() {
        return "ImportRow[line=" + line + ", action=" + action + ", loginId=" + loginId + ", orgLoginId="
                + orgLoginId + ", recordUid=" + recordUid + "]";
    }
}
