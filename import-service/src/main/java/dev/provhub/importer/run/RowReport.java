package dev.provhub.importer.run;

/**
 * A row the run rejected ({@code failed}) or left alone with a reason ({@code skipped}), with the row as it was
 * (password redacted).
 */
public record RowReport(long line, String kind, String reason, String row) {

    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";
}
