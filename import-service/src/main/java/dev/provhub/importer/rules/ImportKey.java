package dev.provhub.importer.rules;

import java.util.Arrays;
import java.util.Optional;

/** The columns the importer understands, by the seed's default header names (compared case-insensitively). */
public enum ImportKey {
    ACTION("Deactivate (X)"),
    ORG_PATH("OrgPath"),
    ORG_LOGIN_ID("OrgLoginID"),
    LOGIN_ID("LoginID"),
    PASSWORD("Password"),
    FIRST_NAME("FirstName"),
    LAST_NAME("LastName"),
    EMAIL("EmailAddress"),
    CONTACT_EMAIL("ContactEmail"),
    CAN_VIEW_REPORTS("CanViewReports"),
    FORCE_PASSWORD_CHANGE("ForcePasswordChange"),
    /** The user's globally unique key in its source (full imports). */
    RECORD_UID("RecordUID");

    private final String header;

    ImportKey(String header) {
        this.header = header;
    }

    public String header() {
        return header;
    }

    public static Optional<ImportKey> byHeader(String name) {
        String wanted = name.trim();
        return Arrays.stream(values()).filter(k -> k.header.equalsIgnoreCase(wanted)
                || k == RECORD_UID && wanted.equalsIgnoreCase("record_uid")).findFirst();
    }
}
