package dev.provhub.exporter.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.provhub.runs.Run;
import dev.provhub.runs.RunItem;
import dev.provhub.runs.RunStatus;

/** An export as the API shows it: its status and progress, counts, files, and the members withheld and why. */
@Schema(name = "Export")
public record ExportRunView(UUID id, RunStatus status, String trigger, String requestedBy, boolean dryRun,
        Long total, long done, double progress, Map<String, Long> counts, List<ExportRun.ExportFile> files,
        List<Withheld> withheld, Long uptoSeq, String failure, Instant createdAt, Instant startedAt,
        Instant finishedAt, Long durationMillis) {

    /** A member left out of the run, and why. */
    public record Withheld(String membernumber, String reason) {
    }

    static ExportRunView of(Run run, ExportRun details, List<RunItem> withheld) {
        return new ExportRunView(run.id, run.status, run.trigger, run.requestedBy, run.dryRun, run.progressTotal,
                run.progressDone, run.progress(), run.counts, details == null ? List.of() : details.files,
                withheld.stream().map(i -> new Withheld(i.key(), i.reason())).toList(),
                details == null ? null : details.uptoSeq, run.failure, run.createdAt, run.startedAt, run.finishedAt,
                run.duration() == null ? null : run.duration().toMillis());
    }
}
