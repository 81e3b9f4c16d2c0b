package dev.provhub.exporter.run;

public enum ExportStatus {
    RUNNING,
    /** The files were written and uploaded (or, in a dry run, written), and the exported state moved on. */
    COMPLETED,
    /** Nothing was committed; the files stay, and the next run includes everything still pending. */
    FAILED
}
