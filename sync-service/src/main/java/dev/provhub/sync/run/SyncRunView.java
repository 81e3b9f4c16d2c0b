package dev.provhub.sync.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.provhub.runs.Run;
import dev.provhub.runs.RunItem;
import dev.provhub.runs.RunStatus;

/**
 * A sync run as the API shows it: status, progress, counts, the summary (per group and in total), and its items
 * (skipped and failed users; with a full summary, every affected user).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncRunView(UUID id, RunStatus status, String trigger, String requestedBy, boolean dryRun,
        String profile, String mode, String modeReason, long progressDone, Long progressTotal, Map<String, Long> counts,
        SyncSummary.View summary, Integer graphRequests, String failure, Instant createdAt, Instant startedAt,
        Instant finishedAt, SyncOptions options, List<RunItem> items) {

    static SyncRunView of(Run run, SyncRun details, List<RunItem> items) {
        return new SyncRunView(run.id, run.status, run.trigger, run.requestedBy, run.dryRun,
                details == null ? null : details.profile, details == null ? null : details.mode,
                details == null ? null : details.modeReason, run.progressDone, run.progressTotal, run.counts,
                details == null ? null : details.summary, details == null ? null : details.graphRequests,
                run.failure, run.createdAt, run.startedAt, run.finishedAt, details == null ? null : details.options,
                items);
    }
}
