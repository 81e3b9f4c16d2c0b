package dev.provhub.intake.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a CSV file written for people looks like, and that no cell of it runs as a formula in a spreadsheet. */
class SpreadsheetCsvTest {

    @ParameterizedTest
    @ValueSource(strings = { "=cmd|' /C calc'!A0", "@SUM(1)", "+1", "-1", "\t=1", "\r=1", "=HYPERLINK(\"http://x\")" })
    void neutralisesACellAFormulaCouldStartIn(String hostile) throws IOException {
        String csv = new SpreadsheetCsv().row("3", hostile).toString();

        assertThat(csv).isEqualTo("3,\"'" + hostile.replace("\"", "\"\"") + "\"\r\n");
        assertThat(CsvReaderTest.fields(csv, ',')).containsExactly(List.of("3", "'" + hostile));
    }

    @Test
    void leavesCellsThatStartOtherwiseAsTheyAre() {
        assertThat(new SpreadsheetCsv().row("Aino", "a=b", " =1", "1-2", "", null).toString())
                .isEqualTo("Aino,a=b, =1,1-2,,\r\n");
    }

    @Test
    void quotesCellsHoldingTheDelimiterQuotesOrLineBreaks() throws IOException {
        List<String> cells = List.of("Virtanen, Aino", "say \"hei\"", "two\nlines", "cr\rlf\r\n", "plain");

        String csv = new SpreadsheetCsv().row(cells).toString();

        assertThat(csv).isEqualTo(
                "\"Virtanen, Aino\",\"say \"\"hei\"\"\",\"two\nlines\",\"cr\rlf\r\n\",plain\r\n");
        assertThat(CsvReaderTest.fields(csv, ',')).containsExactly(cells);
    }

    @Test
    void writesAFileLineByLineEndingEachWithCrlf() {
        String csv = new SpreadsheetCsv().row("line", "reason").row(List.of("3", "too short")).toString();

        assertThat(csv).isEqualTo("line,reason\r\n3,too short\r\n");
    }

    @Test
    void writesOneLineWithAnotherDelimiterAndEveryCellNeutralised() throws IOException {
        String line = SpreadsheetCsv.line(List.of("f1", "=cmd|x!A1", "@SUM(1)", "a;b", "a,b"), ';');

        assertThat(line).isEqualTo("f1;\"'=cmd|x!A1\";\"'@SUM(1)\";\"a;b\";a,b");
        assertThat(CsvReaderTest.fields(line, ';')).containsExactly(List.of("f1", "'=cmd|x!A1", "'@SUM(1)", "a;b", "a,b"));
    }

    @Test
    void refusesAQuoteOrLineBreakAsDelimiter() {
        for (char delimiter : new char[] { '"', '\n', '\r' }) {
            assertThatThrownBy(() -> new SpreadsheetCsv(delimiter)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> SpreadsheetCsv.line(List.of("a"), delimiter))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
