package dev.provhub.intake.csv;

import java.util.List;

/**
 * One record (row) of an imported CSV file.
 *
 * @param line the 1-based physical line of the file the record starts on; a quoted field spanning several lines
 *        makes the next record start further down
 * @param fields the field values in file order, unquoted; never empty, an empty field is {@code ""}
 */
public record CsvRecord(long line, List<String> fields) {

    public CsvRecord {
        if (line < 1) {
            throw new IllegalArgumentException("line must be 1 or more: " + line);
        }
        fields = List.copyOf(fields);
    }

    /** How many fields the record has. */
    public int size() {
        return fields.size();
    }

    /** The value of the field at the 0-based {@code index}. */
    public String get(int index) {
        return fields.get(index);
    }
}
