package dev.provhub.importer.run;

import dev.provhub.runs.RunItem;

/**
 * A row the run rejected ({@code failed}) or left alone with a reason ({@code skipped}), with the row as it was
 * (password redacted). Kept as the run's items.
 */
public record RowReport(long line, String kind, String reason, String row) {

    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";

    RunItem toItem() {
        return RunItem.atLine(line, kind, reason, row);
    }

    static RowReport of(RunItem item) {
        return new RowReport(item.line() == null ? 0 : item.line(), item.kind(), item.reason(), item.detail());
    }
}
