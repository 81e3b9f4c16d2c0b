package dev.provhub.importer.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.provhub.runs.Run;
import dev.provhub.runs.RunStatus;

/** An import as the API, the command and the mailed report show it. */
@Schema(name = "Import")
public record ImportRunView(UUID id, String org, String source, String fileName, RunStatus status, boolean dryRun,
        boolean update, boolean reactivate, boolean force, long rowsTotal, long rowsDone, double progress,
        Map<String, Long> counts, List<String> ignoredColumns, String failure, String requestedBy, Instant createdAt,
        Instant startedAt, Instant finishedAt, Long durationMillis, List<RowReport> errors) {

    static ImportRunView of(Run run, ImportRun details, List<RowReport> errors) {
        return new ImportRunView(run.id, details.orgPath, run.trigger, details.fileName, run.status, run.dryRun,
                details.allowUpdate, details.allowReactivate, details.forced,
                run.progressTotal == null ? 0 : run.progressTotal, run.progressDone, run.progress(), run.counts,
                details.ignoredColumns, run.failure, run.requestedBy, run.createdAt, run.startedAt, run.finishedAt,
                run.duration() == null ? null : run.duration().toMillis(), errors);
    }

    /** The same import without its rows' reports. */
    ImportRunView withoutErrors() {
        return new ImportRunView(id, org, source, fileName, status, dryRun, update, reactivate, force, rowsTotal,
                rowsDone, progress, counts, ignoredColumns, failure, requestedBy, createdAt, startedAt, finishedAt,
                durationMillis, null);
    }
}
