package dev.provhub.intake.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Objects;

import de.siegmar.fastcsv.reader.CommentStrategy;
import de.siegmar.fastcsv.reader.CsvParseException;

/**
 * Reads an imported CSV file record by record (RFC 4180), holding only the current record in memory, so files of
 * any size can be imported. FastCSV splits the text; this reader holds it to the rules below (see
 * {@link CsvText} and {@link FieldCollector} for what FastCSV does not do by itself).
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

    private static final char QUOTE = '"';

    private final FieldCollector collector;
    private final Closeable fastCsv;
    private final Iterator<FieldCollector.Read> records;
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
        CsvText text = new CsvText(Objects.requireNonNull(in, "in"));
        collector = new FieldCollector(text, delimiter, Objects.requireNonNull(limits, "limits"));
        var reader = de.siegmar.fastcsv.reader.CsvReader.builder()
                .fieldSeparator(delimiter)
                .quoteCharacter(QUOTE)
                .commentStrategy(CommentStrategy.NONE)
                .skipEmptyLines(true)
                // the caller decides how many fields a record must have (e.g. as many as the header)
                .allowExtraFields(true)
                .allowMissingFields(true)
                // FastCSV cannot go on after refusing text after a closing quote; FieldCollector rejects the record
                .allowExtraCharsAfterClosingQuote(true)
                .maxBufferSize(collector.bufferChars())
                .build(collector, text);
        fastCsv = reader;
        records = reader.iterator();
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
        FieldCollector.Read read;
        try {
            if (!records.hasNext()) {
                return null;
            }
            read = records.next();
        } catch (CsvParseException | UncheckedIOException e) {
            failure = fatal(e);
            throw failure;
        }
        if (read.rejected() != null) {
            throw read.rejected();
        }
        return read.record();
    }

    /**
     * What made FastCSV stop, as a fatal error. FastCSV wraps whatever a read or a callback throws; with this
     * configuration its own only complaint is a field that outgrows its buffer, which breaks a limit.
     */
    private CsvFormatException fatal(RuntimeException e) throws IOException {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CsvFormatException problem) {
                return problem;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
        }
        if (e instanceof CsvParseException && e.getCause() instanceof CsvParseException) {
            return collector.bufferOutgrown();
        }
        throw e;
    }

    @Override
    public void close() throws IOException {
        fastCsv.close();
    }
}
