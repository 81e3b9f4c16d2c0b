package dev.provhub.intake.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How an imported CSV file is split into records and fields, and what is refused. */
class CsvReaderTest {

    @Test
    void readsUnquotedFieldsSeparatedByCommas() throws IOException {
        assertThat(fields("id,name,city\n1,Aino,Oulu\n"))
                .containsExactly(List.of("id", "name", "city"), List.of("1", "Aino", "Oulu"));
    }

    @Test
    void readsQuotedFieldWithEmbeddedDelimiter() throws IOException {
        assertThat(fields("1,\"Virtanen, Aino\",Oulu\n"))
                .containsExactly(List.of("1", "Virtanen, Aino", "Oulu"));
    }

    @Test
    void readsQuotedFieldWithEmbeddedNewline() throws IOException {
        assertThat(fields("1,\"Kauppakatu 1\nOulu\",x\n2,\"a\r\nb\",y\n"))
                .containsExactly(List.of("1", "Kauppakatu 1\nOulu", "x"), List.of("2", "a\r\nb", "y"));
    }

    @Test
    void readsDoubledQuoteInsideQuotedFieldAsOneQuote() throws IOException {
        assertThat(fields("\"say \"\"hei\"\"\",\"\"\"\"\n"))
                .containsExactly(List.of("say \"hei\"", "\""));
    }

    @Test
    void readsEmptyFieldsBetweenDelimiters() throws IOException {
        assertThat(fields(",,\na,,b\n\"\",x\n"))
                .containsExactly(List.of("", "", ""), List.of("a", "", "b"), List.of("", "x"));
    }

    @Test
    void readsTrailingEmptyField() throws IOException {
        assertThat(fields("a,b,\nc,d,")).containsExactly(List.of("a", "b", ""), List.of("c", "d", ""));
    }

    @Test
    void keepsQuoteInsideUnquotedFieldLiterally() throws IOException {
        assertThat(fields("27\" monitor,O\"Brien\n")).containsExactly(List.of("27\" monitor", "O\"Brien"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "\r\n", "\n", "\r" })
    void endsRecordsAtCrlfLfOrCr(String lineBreak) throws IOException {
        String csv = "a,b" + lineBreak + "c,d" + lineBreak + "e,f" + lineBreak;

        List<CsvRecord> records = records(csv);

        assertThat(records).extracting(CsvRecord::fields)
                .containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e", "f"));
        assertThat(records).extracting(CsvRecord::line).containsExactly(1L, 2L, 3L);
    }

    @Test
    void acceptsMixedLineBreaksInOneFile() throws IOException {
        List<CsvRecord> records = records("a\r\nb\nc\rd\r\n\re");

        assertThat(records).extracting(r -> r.get(0)).containsExactly("a", "b", "c", "d", "e");
        assertThat(records).extracting(CsvRecord::line).containsExactly(1L, 2L, 3L, 4L, 6L);
    }

    @Test
    void doesNotMakeARecordOfTheLineBreakAtTheEndOfTheFile() throws IOException {
        assertThat(fields("a\n")).containsExactly(List.of("a"));
        assertThat(fields("a\r\n")).containsExactly(List.of("a"));
        assertThat(fields("a")).containsExactly(List.of("a"));
    }

    @Test
    void findsNoRecordsInAnEmptyFileOrOneOfEmptyLines() throws IOException {
        assertThat(records("")).isEmpty();
        assertThat(records("\n\r\n\r")).isEmpty();
    }

    @Test
    void skipsEmptyLinesButCountsThemInLineNumbers() throws IOException {
        List<CsvRecord> records = records("\nid,name\n\n\n1,Aino\r\n\r\n2,Eero\n\n");

        assertThat(records).extracting(CsvRecord::fields)
                .containsExactly(List.of("id", "name"), List.of("1", "Aino"), List.of("2", "Eero"));
        assertThat(records).extracting(CsvRecord::line).containsExactly(2L, 5L, 7L);
    }

    @Test
    void numbersRecordsByThePhysicalLineTheyStartOn() throws IOException {
        String csv = "id,address\n"
                + "1,\"line one\nline two\nline three\"\n"
                + "2,\"one\r\ntwo\"\r\n"
                + "3,plain\n";

        assertThat(records(csv)).extracting(CsvRecord::line).containsExactly(1L, 2L, 5L, 7L);
    }

    @ParameterizedTest
    @ValueSource(chars = { '|', ';', '\t' })
    void splitsFieldsAtACustomDelimiter(char delimiter) throws IOException {
        String d = String.valueOf(delimiter);
        String csv = "id" + d + "name, with comma" + d + "\"quoted" + d + "delimiter\"\n1" + d + d + "x\n";

        List<List<String>> fields = fields(csv, delimiter);

        assertThat(fields).containsExactly(List.of("id", "name, with comma", "quoted" + d + "delimiter"),
                List.of("1", "", "x"));
    }

    @Test
    void refusesAQuoteOrLineBreakAsDelimiter() {
        for (char delimiter : new char[] { '"', '\n', '\r' }) {
            assertThatThrownBy(() -> new CsvReader(new StringReader(""), delimiter))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void reportsTextAfterClosingQuoteAndContinuesWithTheNextRecord() throws IOException {
        String csv = "id,name\n1,\"Aino\"x,\"spans\ntwo lines\",y\n2,Eero\n";
        try (CsvReader reader = new CsvReader(new StringReader(csv))) {
            assertThat(reader.next().fields()).containsExactly("id", "name");

            CsvRecordException error = thrown(CsvRecordException.class, reader::next);
            assertThat(error.line()).isEqualTo(2);
            assertThat(error).hasMessage("line 2: text after the closing quote of field 2");

            CsvRecord after = reader.next();
            assertThat(after.line()).isEqualTo(4);
            assertThat(after.fields()).containsExactly("2", "Eero");
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void reportsTextAfterClosingQuoteEvenWhenItHoldsQuotesItself() throws IOException {
        String csv = "\"Virtanen\" \"Aino\",x\n2,\"a\"b\"c\"\n3,ok\n";
        try (CsvReader reader = new CsvReader(new StringReader(csv))) {
            assertThat(thrown(CsvRecordException.class, reader::next))
                    .hasMessage("line 1: text after the closing quote of field 1");
            assertThat(thrown(CsvRecordException.class, reader::next))
                    .hasMessage("line 2: text after the closing quote of field 2");
            assertThat(reader.next()).extracting(CsvRecord::line, CsvRecord::fields).containsExactly(3L,
                    List.of("3", "ok"));
        }
    }

    @Test
    void letsAQuoteInTextAfterAClosingQuoteOpenAnotherQuotedPart() throws IOException {
        // FastCSV's rule; the hand-written reader read the rest of such a field as plain text. The rejected record
        // now runs on to where its quotes pair up again, here the end of line 2, whose row goes with it.
        String csv = "1,\"a\"b\"c\n2,x\"\n3,y\n";
        try (CsvReader reader = new CsvReader(new StringReader(csv))) {
            assertThat(thrown(CsvRecordException.class, reader::next))
                    .hasMessage("line 1: text after the closing quote of field 2");
            assertThat(reader.next()).extracting(CsvRecord::line, CsvRecord::fields).containsExactly(3L,
                    List.of("3", "y"));
        }
    }

    @Test
    void keepsABareCrInsideAQuotedFieldFollowedByLf() throws IOException {
        // FastCSV 4.1.0 alone drops the first field and joins the next line to the record
        List<CsvRecord> records = records("\"a\rb\"\nnext\nx,\"1\r2\n3\"\nlast\n");

        assertThat(records).extracting(CsvRecord::fields).containsExactly(List.of("a\rb"), List.of("next"),
                List.of("x", "1\r2\n3"), List.of("last"));
        assertThat(records).extracting(CsvRecord::line).containsExactly(1L, 3L, 4L, 7L);
    }

    @Test
    void findsLineBreaksSplitAcrossReads() throws IOException {
        // FastCSV reads 8,192 chars at a time: the CR of the first CRLF and the bare CR in the quoted field of the
        // third record end a read, so the char after them comes with the next one
        String first = "x".repeat(8191);
        String second = "y".repeat(8192 - 2 - 3) + ",\"a";
        String csv = first + "\r\n" + second + "\r\"\r\nz\n";

        List<CsvRecord> records = records(csv);

        assertThat(records).extracting(CsvRecord::line).containsExactly(1L, 2L, 4L);
        assertThat(records.get(1).fields()).containsExactly("y".repeat(8192 - 5), "a\r");
    }

    @Test
    void tellsAClosedLastFieldFromAnUnclosedOneWithoutAFinalLineBreak() throws IOException {
        assertThat(fields("a,\"b\"")).containsExactly(List.of("a", "b"));
        assertThat(fields("a,\"b\"\"c\"")).containsExactly(List.of("a", "b\"c"));
        assertThatThrownBy(() -> records("a,\"b")).hasMessage("line 1: quoted field is not closed before the end of the file");
        assertThatThrownBy(() -> records("a,\"b\"\""))
                .hasMessage("line 1: quoted field is not closed before the end of the file");
    }

    @Test
    void reportsUnterminatedQuoteWithTheLineItStartedOnAndStops() throws IOException {
        String csv = "id,name\n1,Aino\n2,\"Eero\n3,Ilona\n4,Oona\n";
        try (CsvReader reader = new CsvReader(new StringReader(csv))) {
            reader.next();
            reader.next();

            CsvFormatException error = thrown(CsvFormatException.class, reader::next);
            assertThat(error).isNotInstanceOf(CsvRecordException.class)
                    .hasMessage("line 3: quoted field is not closed before the end of the file");
            assertThat(error.line()).isEqualTo(3);
            assertThatThrownBy(reader::next).isSameAs(error);
        }
    }

    @Test
    void namesTheLineOfTheFieldWhenAnUnterminatedQuoteStartsLaterInTheRecord() throws IOException {
        assertThatThrownBy(() -> records("1,\"two\nlines\",\"never closed\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageStartingWith("line 2: quoted field is not closed");
    }

    @Test
    void acceptsARecordWithExactlyTheMostFieldsAllowed() throws IOException {
        CsvLimits limits = new CsvLimits(3, 100, 1000);

        assertThat(records("a,b,c\n", limits)).hasSize(1);
        assertThatThrownBy(() -> records("a,b,c\n1,2,3,4\n", limits))
                .isExactlyInstanceOf(CsvFormatException.class)
                .hasMessage("line 2: record has more than 3 fields");
    }

    @Test
    void refusesAFieldLongerThanTheLimit() throws IOException {
        CsvLimits limits = new CsvLimits(10, 5, 1000);

        assertThat(records("12345,\"1\"\"345\"\n", limits)).hasSize(1);
        assertThatThrownBy(() -> records("ok\n12345,123456\n", limits))
                .isExactlyInstanceOf(CsvFormatException.class)
                .hasMessage("line 2: field 2 is longer than 5 characters");
        assertThatThrownBy(() -> records("\"123\n456\"\n", limits))
                .hasMessage("line 1: field 1 is longer than 5 characters");
    }

    @Test
    void refusesARecordLongerThanTheLimitCountingQuotesAndDelimiters() throws IOException {
        CsvLimits limits = new CsvLimits(10, 100, 9);

        assertThat(records("\"a\",\"b\",c\n", limits)).hasSize(1);
        assertThatThrownBy(() -> records("ok\n\"a\",\"b\",cd\n", limits))
                .isExactlyInstanceOf(CsvFormatException.class)
                .hasMessage("line 2: record is longer than 9 characters");
        assertThat(records("\"a\"\"b\",cd\n", limits)).hasSize(1);
        assertThatThrownBy(() -> records("ok\n\"a\"\"b\",c,d\n", limits))
                .hasMessage("line 2: record is longer than 9 characters");
    }

    @Test
    void stopsReadingAnEndlessFieldAtTheLimit() {
        EndlessText endless = new EndlessText();
        CsvReader reader = new CsvReader(endless, ',', new CsvLimits(10, 1_000, 1_000_000));

        assertThatThrownBy(reader::next).hasMessage("line 1: field 1 is longer than 1000 characters");
        assertThat(endless.served).as("only a buffer's worth is read past the limit").isLessThan(20_000);
    }

    @Test
    void stopsReadingAnEndlessFieldAtTheRecordLimitWhenThatIsLower() {
        EndlessText endless = new EndlessText();
        CsvReader reader = new CsvReader(endless, ',', new CsvLimits(10, 100_000, 5_000));

        assertThatThrownBy(reader::next).hasMessage("line 1: record is longer than 5000 characters");
        assertThat(endless.served).isLessThan(20_000);
    }

    @Test
    void streamsAGeneratedFileOf200000Rows() throws IOException {
        int rows = 200_000;
        long count = 0;
        CsvRecord last = null;
        try (CsvReader reader = new CsvReader(CsvEncoding.open(new GeneratedUsers(rows)))) {
            for (CsvRecord record = reader.next(); record != null; record = reader.next()) {
                assertThat(record.size()).isEqualTo(4);
                count++;
                last = record;
            }
        }

        assertThat(count).isEqualTo(rows + 1);
        assertThat(last.line()).isEqualTo(rows + 1);
        assertThat(last.fields()).containsExactly(String.valueOf(rows), "user" + rows + "@example.fi",
                "Jyväskylä, Keski-Suomi", "said \"hei\"");
    }

    /** The exception {@code call} throws, failing the test unless it is one of {@code type}. */
    private static <T extends Throwable> T thrown(Class<T> type, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected %s", type.getSimpleName()).isInstanceOf(type);
        return type.cast(thrown);
    }

    private static List<List<String>> fields(String csv) throws IOException {
        return fields(csv, ',');
    }

    /** The fields of every record of {@code csv}; {@link SpreadsheetCsvTest} reads its output back with it. */
    static List<List<String>> fields(String csv, char delimiter) throws IOException {
        List<List<String>> fields = new ArrayList<>();
        try (CsvReader reader = new CsvReader(new StringReader(csv), delimiter)) {
            for (CsvRecord record = reader.next(); record != null; record = reader.next()) {
                fields.add(record.fields());
            }
        }
        return fields;
    }

    private static List<CsvRecord> records(String csv) throws IOException {
        return records(csv, CsvLimits.DEFAULTS);
    }

    private static List<CsvRecord> records(String csv, CsvLimits limits) throws IOException {
        List<CsvRecord> records = new ArrayList<>();
        try (CsvReader reader = new CsvReader(new StringReader(csv), ',', limits)) {
            for (CsvRecord record = reader.next(); record != null; record = reader.next()) {
                records.add(record);
            }
        }
        return records;
    }

    /** A single field that never ends, as in a hostile upload. */
    private static final class EndlessText extends Reader {

        long served;

        @Override
        public int read(char[] target, int offset, int length) {
            Arrays.fill(target, offset, offset + length, 'x');
            served += length;
            return length;
        }

        @Override
        public void close() {
        }
    }
}
