package dev.provhub.importer.rules;

/** What one row did. A skipped row carries the reason, reported with its line. */
public record RowOutcome(ImportCounts.Kind kind, String reason) {

    public static RowOutcome of(ImportCounts.Kind kind) {
        return new RowOutcome(kind, null);
    }

    public static RowOutcome skipped(String reason) {
        return new RowOutcome(ImportCounts.Kind.SKIPPED, reason);
    }
}
