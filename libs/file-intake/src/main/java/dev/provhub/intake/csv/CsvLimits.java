package dev.provhub.intake.csv;

/**
 * The largest record a {@link CsvReader} accepts, so that a hostile or broken import file (an unclosed quote that
 * swallows the rest of the file, a wrong delimiter, a line of a million commas) cannot exhaust memory.
 *
 * @param maxFieldsPerRecord the most fields one record may have
 * @param maxFieldChars the most characters one field's value may have
 * @param maxRecordChars the most characters one record may have, counted as written in the file (quotes,
 *        delimiters and line breaks inside quoted fields included, the line break that ends the record not)
 */
public record CsvLimits(int maxFieldsPerRecord, int maxFieldChars, int maxRecordChars) {

    /** 1,000 fields, 100,000 characters per field and 1,000,000 characters per record. */
    public static final CsvLimits DEFAULTS = new CsvLimits(1_000, 100_000, 1_000_000);

    public CsvLimits {
        if (maxFieldsPerRecord < 1 || maxFieldChars < 1 || maxRecordChars < 1) {
            throw new IllegalArgumentException("CSV limits must be 1 or more: " + maxFieldsPerRecord + ", "
                    + maxFieldChars + ", " + maxRecordChars);
        }
    }
}
