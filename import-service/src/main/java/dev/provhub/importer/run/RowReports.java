package dev.provhub.importer.run;

import java.util.List;

/** The rejected and skipped rows of a run as a CSV file: line, kind, reason, the row (password redacted). */
public final class RowReports {

    private RowReports() {
    }

    public static String csv(List<RowReport> reports) {
        var csv = new StringBuilder("line,kind,reason,row\n");
        for (RowReport report : reports) {
            csv.append(report.line()).append(',').append(report.kind()).append(',').append(quote(report.reason()))
                    .append(',').append(quote(report.row() == null ? "" : report.row())).append('\n');
        }
        return csv.toString();
    }

    private static String quote(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
