package dev.provhub.importer.rules;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.provhub.importer.org.ImportMode;
import dev.provhub.importer.org.ImportSettings;
import dev.provhub.importer.org.Organisation;

/**
 * What each column of a file means, from its header line: an import key (the seed's names or the organisation's
 * translations of them), one of the organisation's profile fields (case-insensitive), or nothing (ignored and
 * reported). Built once per file; a header that cannot work rejects the whole file.
 */
public final class HeaderMapping {

    private final List<String> header;
    private final Map<ImportKey, Integer> keys;
    private final Map<String, Integer> profile;
    private final List<String> ignored;

    private HeaderMapping(List<String> header, Map<ImportKey, Integer> keys, Map<String, Integer> profile,
            List<String> ignored) {
        this.header = header;
        this.keys = keys;
        this.profile = profile;
        this.ignored = ignored;
    }

    /** @throws FileRejectedException when the header cannot identify users or maps two columns to one key */
    public static HeaderMapping of(List<String> header, Organisation org, ImportSettings settings) {
        var keys = new EnumMap<ImportKey, Integer>(ImportKey.class);
        var profile = new LinkedHashMap<String, Integer>();
        var ignored = new ArrayList<String>();
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i).trim();
            if (column.indexOf('\0') >= 0) {
                throw new FileRejectedException("the header line holds a NUL character in column " + (i + 1)
                        + " (a UTF-16 file without a byte order mark?)");
            }
            if (column.isEmpty()) {
                ignored.add("(column " + (i + 1) + ", no name)");
                continue;
            }
            String name = translate(column, settings);
            Optional<ImportKey> key = ImportKey.byHeader(name);
            if (key.isPresent()) {
                Integer previous = keys.put(key.get(), i);
                if (previous != null) {
                    throw new FileRejectedException("columns " + (previous + 1) + " and " + (i + 1)
                            + " both mean " + key.get().header());
                }
                continue;
            }
            Optional<String> field = org.profileField(name);
            if (field.isPresent()) {
                Integer previous = profile.put(field.get(), i);
                if (previous != null) {
                    throw new FileRejectedException("columns " + (previous + 1) + " and " + (i + 1)
                            + " both mean the profile field " + field.get());
                }
                continue;
            }
            ignored.add(column);
        }
        if (!keys.containsKey(ImportKey.LOGIN_ID) && !keys.containsKey(ImportKey.ORG_LOGIN_ID)
                && !keys.containsKey(ImportKey.RECORD_UID)) {
            throw new FileRejectedException("the header names no column that identifies users (LoginID, "
                    + "OrgLoginID or RecordUID); is the delimiter '" + settings.csvDelimiter() + "' right?");
        }
        if (settings.importMode() == ImportMode.FULL && !keys.containsKey(ImportKey.RECORD_UID)) {
            throw new FileRejectedException("a full import needs a RecordUID column");
        }
        return new HeaderMapping(List.copyOf(header), keys, profile, List.copyOf(ignored));
    }

    private static String translate(String column, ImportSettings settings) {
        for (var entry : settings.profileTranslations().entrySet()) {
            if (entry.getKey().trim().equalsIgnoreCase(column)) {
                return entry.getValue().trim();
            }
        }
        return column;
    }

    public int width() {
        return header.size();
    }

    /** The name of column {@code index} (0-based) in the header, or its number when the header is shorter. */
    public String column(int index) {
        return index < header.size() ? header.get(index).trim() : "column " + (index + 1);
    }

    public boolean has(ImportKey key) {
        return keys.containsKey(key);
    }

    /** The row's value of {@code key}, trimmed; null when the file has no such column. */
    public String value(List<String> fields, ImportKey key) {
        Integer index = keys.get(key);
        return index == null || index >= fields.size() ? null : fields.get(index).trim();
    }

    /** Profile values of the row by field name (raw, trimmed), only for fields the file has. */
    public Map<String, String> profileValues(List<String> fields) {
        var values = new LinkedHashMap<String, String>();
        profile.forEach((field, index) -> values.put(field, index < fields.size() ? fields.get(index).trim() : ""));
        return values;
    }

    public List<String> ignoredColumns() {
        return ignored;
    }

    /** The row with the password column replaced, for reports and error files. */
    public List<String> redacted(List<String> fields) {
        Integer index = keys.get(ImportKey.PASSWORD);
        if (index == null || index >= fields.size() || fields.get(index).isEmpty()) {
            return fields;
        }
        var copy = new ArrayList<>(fields);
        copy.set(index, "***");
        return copy;
    }
}
