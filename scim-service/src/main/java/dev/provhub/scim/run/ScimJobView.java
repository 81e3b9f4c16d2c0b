package dev.provhub.scim.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.provhub.runs.RunItem;

/**
 * A SCIM job as the API shows it: its state (and why it waits), where it sends, progress in records (read, sent,
 * accepted, failed) and requests, the quota left, and the records refused or failed with their reasons.
 */
@Schema(name = "ScimJob")
public record ScimJobView(UUID id, ScimJobState state, String waitReason, Instant resumeAt, String source,
        String csvName, String mappingName, String namespace, String servicePrincipalId, String jobId,
        boolean full, boolean restartService, boolean dryRun, String requestedBy, Progress progress,
        Map<String, Long> records, List<RunItem> items, String failure, Instant createdAt, Instant finishedAt) {

    /** Records read / sent / accepted / failed, requests sent of all, and the tenant's daily quota left. */
    public record Progress(long recordsRead, long recordsRejected, long recordsUnchanged, long recordsSent,
            long recordsAccepted, long recordsFailed, int requestsSent, int requestsTotal, Integer quotaLeft) {
    }

    static ScimJobView of(ScimJob job, Map<String, Long> byState, List<RunItem> items, Integer quotaLeft) {
        long unchanged = byState.getOrDefault(JobRecords.UNCHANGED, 0L);
        long succeeded = byState.getOrDefault(JobRecords.SUCCEEDED, 0L);
        long failed = byState.getOrDefault(JobRecords.FAILED, 0L) + byState.getOrDefault(JobRecords.GAVE_UP, 0L);
        long sent = byState.getOrDefault(JobRecords.SENT, 0L) + succeeded + failed;
        return new ScimJobView(job.id, job.state, job.waitReason, job.resumeAt, job.source, job.csvName,
                job.mappingName, job.namespace, job.servicePrincipal, job.provisioningJob, job.fullSend,
                job.restartService, job.dryRun, job.requestedBy, new Progress(job.recordsRead, job.recordsRejected,
                        unchanged, sent, succeeded, failed, job.requestsSent, job.requestsTotal, quotaLeft),
                byState, items, job.failure, job.createdAt, job.finishedAt);
    }
}
