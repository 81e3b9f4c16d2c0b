package dev.provhub.intake.csv;

import java.util.Arrays;
import java.util.List;

/**
 * CSV written for people, who open it in a spreadsheet: error reports, mailed attachments. RFC 4180 (a cell holding
 * the delimiter, a quote, CR or LF is quoted, a quote doubled; lines end with CRLF), and no cell can run as a
 * formula (OWASP, CSV injection): a cell starting with {@code =}, {@code +}, {@code -}, {@code @}, tab or CR gets a
 * {@code '} in front and is quoted, so {@code =cmd|' /C calc'!A0} is shown as text, never run.
 *
 * <p>
 * Cells echo what organisations send (a rejected row, a value named in a reason), so every cell is treated as
 * hostile; a report shows {@code '-1} for {@code -1} rather than trust any of them.
 *
 * <pre>
 * String text = new SpreadsheetCsv()
 *         .row("line", "value")
 *         .row("3", "=cmd|' /C calc'!A0") // written as 3,"'=cmd|' /C calc'!A0"
 *         .toString();
 * </pre>
 */
public final class SpreadsheetCsv {

    private static final char QUOTE = '"';
    private static final String LINE_BREAK = "\r\n";

    private final char delimiter;
    private final StringBuilder text = new StringBuilder();

    /** A comma-separated file. */
    public SpreadsheetCsv() {
        this(',');
    }

    /**
     * A file of cells separated by {@code delimiter}.
     *
     * @throws IllegalArgumentException when the delimiter is a quote, CR or LF
     */
    public SpreadsheetCsv(char delimiter) {
        this.delimiter = checked(delimiter);
    }

    private static char checked(char delimiter) {
        if (delimiter == QUOTE || delimiter == '\r' || delimiter == '\n') {
            throw new IllegalArgumentException("a CSV delimiter cannot be a quote or a line break");
        }
        return delimiter;
    }

    /** Adds a line of {@code cells}; a null cell is empty. */
    public SpreadsheetCsv row(String... cells) {
        return row(Arrays.asList(cells));
    }

    /** Adds a line of {@code cells}; a null cell is empty. */
    public SpreadsheetCsv row(List<String> cells) {
        append(text, cells, delimiter);
        text.append(LINE_BREAK);
        return this;
    }

    /** The file: every line added so far. */
    @Override
    public String toString() {
        return text.toString();
    }

    /**
     * One line of {@code cells} on its own, without a line break: e.g. a rejected row of an imported file, echoed
     * with the file's delimiter inside a report's cell, where each of its cells is neutralised too.
     */
    public static String line(List<String> cells, char delimiter) {
        var line = new StringBuilder();
        append(line, cells, checked(delimiter));
        return line.toString();
    }

    private static void append(StringBuilder text, List<String> cells, char delimiter) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                text.append(delimiter);
            }
            appendCell(text, cells.get(i) == null ? "" : cells.get(i), delimiter);
        }
    }

    private static void appendCell(StringBuilder text, String value, char delimiter) {
        boolean formula = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0;
        if (!formula && !needsQuotes(value, delimiter)) {
            text.append(value);
            return;
        }
        text.append(QUOTE);
        if (formula) {
            text.append('\'');
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == QUOTE) {
                text.append(QUOTE);
            }
            text.append(c);
        }
        text.append(QUOTE);
    }

    private static boolean needsQuotes(String value, char delimiter) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == delimiter || c == QUOTE || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }
}
