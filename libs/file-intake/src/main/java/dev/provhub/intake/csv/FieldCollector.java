package dev.provhub.intake.csv;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import de.siegmar.fastcsv.reader.CsvCallbackHandler;
import de.siegmar.fastcsv.reader.RecordType;

/**
 * Takes the fields FastCSV finds, refuses a record beyond the {@link CsvLimits}, and checks every record that has
 * a quoted field against the file's text before handing it out.
 *
 * <p>
 * The check is how text after a closing quote ({@code "Aino"x}) is found: FastCSV either stops for good on it or,
 * told to allow it (as here), reads the record to its end and silently joins the text to the value. A well-formed
 * record is exactly its values written back (a quoted value between quotes with each quote doubled), so a record
 * that differs from its text has such a field; it is rejected on its own and reading goes on.
 *
 * <p>
 * Fatal problems are thrown as a {@link CsvFormatException} inside an {@link UncheckedIOException}, as a FastCSV
 * callback cannot throw checked exceptions; {@link CsvReader} unwraps them.
 */
final class FieldCollector extends CsvCallbackHandler<FieldCollector.Read> {

    /** How many chars FastCSV reads at a time (its fixed read size). */
    private static final int FASTCSV_READ_CHARS = 8192;

    private final CsvText text;
    private final char delimiter;
    private final CsvLimits limits;

    private long line;
    private final List<String> fields = new ArrayList<>();
    private boolean[] quoted = new boolean[16];
    private boolean anyQuoted;
    private long recordChars;
    private boolean empty;

    FieldCollector(CsvText text, char delimiter, CsvLimits limits) {
        this.text = text;
        this.delimiter = delimiter;
        this.limits = limits;
    }

    /** A record FastCSV has read: accepted, or rejected on its own. */
    record Read(CsvRecord record, CsvRecordException rejected) {
    }

    /**
     * The most chars FastCSV may buffer. It holds the field being read, as written, before handing it over: room for
     * the longest field the limits allow (every char a doubled quote, or the whole record) and one read, so that
     * only a field beyond a limit outgrows it (see {@link #bufferOutgrown()}).
     */
    int bufferChars() {
        long longestField = Math.min(limits.maxRecordChars(), longestQuotedField());
        return (int) Math.min(Integer.MAX_VALUE - FASTCSV_READ_CHARS, longestField + FASTCSV_READ_CHARS);
    }

    private long longestQuotedField() {
        return 2L * limits.maxFieldChars() + 2;
    }

    /** The limit the field being read breaks when it outgrows FastCSV's buffer. */
    CsvFormatException bufferOutgrown() {
        if (longestQuotedField() <= limits.maxRecordChars()) {
            return fieldTooLong(fields.size() + 1);
        }
        return recordTooLong();
    }

    private CsvFormatException recordTooLong() {
        return new CsvFormatException(line, "record is longer than " + limits.maxRecordChars() + " characters");
    }

    @Override
    protected void beginRecord(long startingLine) {
        line = startingLine;
        fields.clear();
        anyQuoted = false;
        recordChars = 0;
        empty = false;
        text.keepFrom(startingLine);
    }

    @Override
    protected void addField(char[] buffer, int offset, int length, boolean isQuoted) {
        int number = fields.size() + 1;
        if (fields.size() == limits.maxFieldsPerRecord()) {
            throw fatal(new CsvFormatException(line, "record has more than " + limits.maxFieldsPerRecord() + " fields"));
        }
        if (length > limits.maxFieldChars()) {
            throw fatal(fieldTooLong(number));
        }
        // as written, but for the doubled quotes inside quoted values, which the check against the text counts
        recordChars += (number > 1 ? 1 : 0) + (isQuoted ? 2 : 0) + length;
        if (recordChars > limits.maxRecordChars()) {
            throw fatal(recordTooLong());
        }
        fields.add(new String(buffer, offset, length));
        if (number > quoted.length) {
            quoted = Arrays.copyOf(quoted, quoted.length * 2);
        }
        quoted[number - 1] = isQuoted;
        anyQuoted |= isQuoted;
    }

    private CsvFormatException fieldTooLong(int number) {
        return new CsvFormatException(line, "field " + number + " is longer than " + limits.maxFieldChars() + " characters");
    }

    @Override
    protected void setEmpty() {
        empty = true;
    }

    @Override
    protected void setComment(char[] buffer, int offset, int length) {
        throw new IllegalStateException("comments are not read from CSV files");
    }

    @Override
    protected RecordType getRecordType() {
        return empty ? RecordType.EMPTY : RecordType.DATA;
    }

    @Override
    protected int getFieldCount() {
        return fields.size();
    }

    @Override
    protected Read buildRecord() {
        if (empty) {
            return null;
        }
        if (text.ended()) {
            throw fatal(new CsvFormatException(lineOfLastField(), "quoted field is not closed before the end of the file"));
        }
        if (!anyQuoted) {
            return new Read(new CsvRecord(line, fields), null);
        }
        return checkedAgainstText();
    }

    /** The line the last field starts on: the record's line, plus the line breaks inside the fields before it. */
    private long lineOfLastField() {
        long breaks = 0;
        for (String field : fields.subList(0, fields.size() - 1)) {
            breaks += field.chars().filter(c -> c == '\n').count();
        }
        return line + breaks;
    }

    /**
     * Compares the record with the file's text and gives bare CRs back to quoted values. An unquoted value is the
     * text itself (FastCSV hands over the chars between two delimiters), so only its end is checked.
     */
    private Read checkedAgainstText() {
        long start = text.startOf(line);
        long at = start;
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0 && text.charAt(at++) != delimiter) {
                return rejected(i);
            }
            String field = fields.get(i);
            if (!quoted[i]) {
                at += field.length();
                continue;
            }
            long end = text.endOfQuoted(at, field);
            if (end < 0) {
                return rejected(i + 1);
            }
            fields.set(i, text.withBareCrs(at, field));
            at = end;
        }
        int next = text.charAt(at);
        if (next != '\r' && next != '\n' && next != -1) {
            return rejected(fields.size());
        }
        if (at - start > limits.maxRecordChars()) {
            throw fatal(recordTooLong());
        }
        return new Read(new CsvRecord(line, fields), null);
    }

    private Read rejected(int fieldNumber) {
        return new Read(null, new CsvRecordException(line, "text after the closing quote of field " + fieldNumber));
    }

    private static UncheckedIOException fatal(CsvFormatException problem) {
        return new UncheckedIOException(problem);
    }
}
