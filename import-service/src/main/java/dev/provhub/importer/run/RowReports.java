package dev.provhub.importer.run;

import java.util.List;

import dev.provhub.intake.csv.SpreadsheetCsv;

/**
 * The rejected and skipped rows of a run as a CSV file for people (the {@code errors} download, the mailed
 * attachment): line, kind, reason, the row (password redacted). No cell runs as a formula in a spreadsheet.
 */
public final class RowReports {

    private RowReports() {
    }

    public static String csv(List<RowReport> reports) {
        var csv = new SpreadsheetCsv().row("line", "kind", "reason", "row");
        for (RowReport report : reports) {
            csv.row(String.valueOf(report.line()), report.kind(), report.reason(), report.row());
        }
        return csv.toString();
    }
}
