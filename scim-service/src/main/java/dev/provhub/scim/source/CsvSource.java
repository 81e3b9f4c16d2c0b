package dev.provhub.scim.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import dev.provhub.intake.csv.CsvEncoding;
import dev.provhub.intake.csv.CsvFormatException;
import dev.provhub.intake.csv.CsvReader;
import dev.provhub.intake.csv.CsvRecord;
import dev.provhub.intake.csv.CsvRecordException;
import dev.provhub.scim.bulk.RecordRejectedException;
import dev.provhub.scim.mapping.expr.Row;

/**
 * A CSV file as a source of records, read with the project's CSV reader: encoding from the byte order mark,
 * RFC 4180 quoting (quoted headers are plain names: CSV2SCIM's issue #7), one record at a time in constant memory,
 * lines numbered. The first record is the header.
 */
public final class CsvSource implements Closeable {

    private final CsvReader reader;
    private final HeaderColumns columns;

    private CsvSource(CsvReader reader, HeaderColumns columns) {
        this.reader = reader;
        this.columns = columns;
    }

    /** One record: its line and fields, read by column index. */
    public record CsvRow(long line, List<String> fields) implements Row {
        @Override
        public String value(int index) {
            return index < fields.size() ? fields.get(index) : "";
        }
    }

    /**
     * @throws CsvFormatException when the file cannot be read (encoding, limits, an unclosed quote) or is empty
     */
    public static CsvSource open(InputStream in, char delimiter) throws IOException {
        var reader = new CsvReader(CsvEncoding.open(in), delimiter);
        CsvRecord header;
        try {
            header = reader.next();
        } catch (CsvRecordException e) {
            reader.close();
            throw e;
        }
        if (header == null) {
            reader.close();
            throw new CsvFormatException(1, "the file is empty: it has no header line");
        }
        return new CsvSource(reader, new HeaderColumns(header.fields().stream().map(String::strip).toList()));
    }

    public HeaderColumns columns() {
        return columns;
    }

    /**
     * The next record, or null at the end.
     *
     * @throws RecordRejectedException for a record that cannot be read (the next call goes on with the following)
     * @throws CsvFormatException when the rest of the file cannot be read
     */
    public CsvRow next() throws IOException {
        CsvRecord record;
        try {
            record = reader.next();
        } catch (CsvRecordException e) {
            throw new RecordRejectedException(e.line(), null, e.problem());
        }
        if (record == null) {
            return null;
        }
        if (record.size() != columns.names().size()) {
            throw new RecordRejectedException(record.line(), null, "the record has " + record.size()
                    + " fields; the header has " + columns.names().size());
        }
        return new CsvRow(record.line(), record.fields());
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
