package dev.provhub.exporter.member;

import java.util.ArrayList;
import java.util.List;

/**
 * The eight columns of the Office 365 member files, in the seed's order: membernumber, upn, firstname, lastname,
 * email, postalcode, is_suspended, is_o365_suspended.
 */
public record MemberValues(String membernumber, String upn, String firstname, String lastname, String email,
        String postalcode, boolean suspended, boolean o365Suspended) {

    public static final List<String> COLUMNS = List.of("membernumber", "upn", "firstname", "lastname", "email",
            "postalcode", "is_suspended", "is_o365_suspended");

    /** The line as the files carry it: {@code ,} separated, no quotes, {@code NULL} for no value, flags 0/1. */
    public String line() {
        return String.join(",", fields());
    }

    private List<String> fields() {
        var fields = new ArrayList<String>(8);
        for (String text : List.of(nullText(membernumber), nullText(upn), nullText(firstname), nullText(lastname),
                nullText(email), nullText(postalcode))) {
            fields.add(text);
        }
        fields.add(suspended ? "1" : "0");
        fields.add(o365Suspended ? "1" : "0");
        return fields;
    }

    /**
     * Why this member cannot be written in the format without a reader splitting it differently, or null: a value
     * with a comma or a line break, or the literal text NULL (which would read back as no value).
     */
    public String unwritable() {
        String[] values = { membernumber, upn, firstname, lastname, email, postalcode };
        for (int i = 0; i < values.length; i++) {
            String value = values[i];
            if (value == null) {
                continue;
            }
            if (value.indexOf(',') >= 0) {
                return COLUMNS.get(i) + " contains ','";
            }
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                return COLUMNS.get(i) + " contains a line break";
            }
            if (value.equals("NULL")) {
                return COLUMNS.get(i) + " is the text NULL, which reads as no value";
            }
        }
        return null;
    }

    private static String nullText(String value) {
        return value == null ? "NULL" : value;
    }
}
