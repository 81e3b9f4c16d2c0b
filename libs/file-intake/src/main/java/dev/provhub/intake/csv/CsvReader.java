package dev.provhub.intake.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads an imported CSV file record by record (RFC 4180), holding only the current record in memory, so files of
 * any size can be imported.
 *
 * <ul>
 * <li>Fields are separated by the delimiter ({@code ,} by default; {@code ;}, {@code |} and tab are also seen);
 * records end at CRLF, LF or CR.</li>
 * <li>A field starting with {@code "} is quoted: up to the closing quote the delimiter, CR and LF are part of the
 * value and {@code ""} is one quote. A quote inside an unquoted field is kept as it is.</li>
 * <li>An empty line (no characters at all) is skipped but counted in line numbers; {@code ,} alone is a record of
 * two empty fields. A line break at the end of the file does not start another record.</li>
 * </ul>
 *
 * <p>
 * Errors come in two kinds:
 * <ul>
 * <li>{@link CsvRecordException}, recoverable: only that record is bad and has been skipped up to its end; call
 * {@link #next()} again for the following record. This is the case for text after a closing quote
 * ({@code "a"b,c}).</li>
 * <li>Any other {@link CsvFormatException}, fatal: the rest of the file cannot be trusted; every later call
 * throws the same exception. This is the case for text not valid in the file's encoding, a quoted field still
 * open at the end of the file, and a record beyond the {@link CsvLimits}: an unclosed quote swallows the rest of
 * the file, so finding "the next record" would only produce nonsense.</li>
 * </ul>
 *
 * <p>
 * Not thread-safe.
 */
public final class CsvReader implements Closeable {

    private static final int END = -1;
    private static final char QUOTE = '"';
    private static final int BUFFER_CHARS = 8192;

    private final Reader in;
    private final char delimiter;
    private final CsvLimits limits;

    private final char[] buffer = new char[BUFFER_CHARS];
    private int position;
    private int filled;
    /** The char {@link #read()} returned last, or {@link #END} before the first. */
    private int previous = END;
    /** The 1-based line of the char {@link #read()} returned last. */
    private long line = 1;
    /** The previous record ended at a CR, so an LF right after it belongs to the same line break. */
    private boolean endedAtCr;

    private final StringBuilder field = new StringBuilder();
    private long recordStartLine;
    private int fieldNumber;
    private long recordChars;
    private CsvFormatException failure;

    /** A reader of comma-separated records with the {@link CsvLimits#DEFAULTS default limits}. */
    public CsvReader(Reader in) {
        this(in, ',');
    }

    /** A reader of records separated by {@code delimiter}, with the {@link CsvLimits#DEFAULTS default limits}. */
    public CsvReader(Reader in, char delimiter) {
        this(in, delimiter, CsvLimits.DEFAULTS);
    }

    /**
     * A reader of records separated by {@code delimiter}.
     *
     * @param in the file's text, e.g. from {@link CsvEncoding#open}; read lazily and closed by {@link #close()}
     * @throws IllegalArgumentException when the delimiter is a quote, CR or LF
     */
    public CsvReader(Reader in, char delimiter, CsvLimits limits) {
        if (delimiter == QUOTE || delimiter == '\r' || delimiter == '\n') {
            throw new IllegalArgumentException("a CSV delimiter cannot be a quote or a line break");
        }
        this.in = Objects.requireNonNull(in, "in");
        this.delimiter = delimiter;
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * The next record, or null at the end of the file.
     *
     * @throws CsvRecordException when the record is malformed; it has been skipped and reading can go on
     * @throws CsvFormatException when the file cannot be read any further
     * @throws IOException when reading the underlying input fails
     */
    public CsvRecord next() throws IOException {
        if (failure != null) {
            throw failure;
        }
        try {
            return readRecord();
        } catch (CsvRecordException e) {
            throw e;
        } catch (CsvFormatException e) {
            failure = e;
            throw e;
        }
    }

    private CsvRecord readRecord() throws IOException {
        int c = read();
        if (endedAtCr && c == '\n') {
            c = read();
        }
        endedAtCr = false;
        while (c == '\n' || c == '\r') {
            c = skipLineBreak(c);
        }
        if (c == END) {
            return null;
        }
        recordStartLine = line;
        recordChars = 0;
        List<String> fields = new ArrayList<>();
        String problem = null;
        while (true) {
            if (fields.size() == limits.maxFieldsPerRecord()) {
                throw new CsvFormatException(recordStartLine,
                        "record has more than " + limits.maxFieldsPerRecord() + " fields");
            }
            field.setLength(0);
            fieldNumber = fields.size() + 1;
            if (c == QUOTE) {
                c = readQuoted();
                if (!endsField(c)) {
                    if (problem == null) {
                        problem = "text after the closing quote of field " + fieldNumber;
                    }
                    // Skip the rest as unquoted text: the record's end is then found by the same rules as always.
                    c = readUnquoted(c);
                }
            } else {
                c = readUnquoted(c);
            }
            fields.add(field.toString());
            if (c != delimiter) {
                break;
            }
            c = consume();
        }
        endedAtCr = c == '\r';
        if (problem != null) {
            throw new CsvRecordException(recordStartLine, problem);
        }
        return new CsvRecord(recordStartLine, fields);
    }

    /** Reads an unquoted field's value from {@code c} on: returns the char that ends it. */
    private int readUnquoted(int c) throws IOException {
        while (!endsField(c)) {
            append(c);
            c = consume();
        }
        return c;
    }

    /** Reads a quoted field's value after its opening quote at {@code line}: returns the char after its end. */
    private int readQuoted() throws IOException {
        long fieldLine = line;
        int c = consume();
        while (true) {
            if (c == END) {
                throw new CsvFormatException(fieldLine, "quoted field is not closed before the end of the file");
            }
            if (c == QUOTE) {
                c = consume();
                if (c != QUOTE) {
                    return c;
                }
            }
            append(c);
            c = consume();
        }
    }

    private boolean endsField(int c) {
        return c == delimiter || c == '\n' || c == '\r' || c == END;
    }

    private int skipLineBreak(int c) throws IOException {
        int next = read();
        return c == '\r' && next == '\n' ? read() : next;
    }

    private void append(int c) throws CsvFormatException {
        if (field.length() == limits.maxFieldChars()) {
            throw new CsvFormatException(recordStartLine,
                    "field " + fieldNumber + " is longer than " + limits.maxFieldChars() + " characters");
        }
        field.append((char) c);
    }

    /** Counts the current char as part of the record and reads the next. */
    private int consume() throws IOException {
        if (++recordChars > limits.maxRecordChars()) {
            throw new CsvFormatException(recordStartLine,
                    "record is longer than " + limits.maxRecordChars() + " characters");
        }
        return read();
    }

    /** The next char, or {@link #END}, keeping {@link #line} up to date. */
    private int read() throws IOException {
        if (position == filled) {
            int count = fill();
            if (count < 0) {
                return END;
            }
        }
        char c = buffer[position++];
        if (previous == '\n' || (previous == '\r' && c != '\n')) {
            line++;
        }
        previous = c;
        return c;
    }

    private int fill() throws IOException {
        int count;
        try {
            do {
                count = in.read(buffer, 0, buffer.length);
            } while (count == 0);
        } catch (CharacterCodingException e) {
            String problem = e.getMessage() != null ? e.getMessage() : "not valid text in the file's encoding";
            throw new CsvFormatException(nextCharLine(), problem, e);
        }
        position = 0;
        filled = Math.max(count, 0);
        return count;
    }

    /** The line of the char {@link #read()} will return next. */
    private long nextCharLine() {
        return previous == '\n' || previous == '\r' ? line + 1 : line;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
