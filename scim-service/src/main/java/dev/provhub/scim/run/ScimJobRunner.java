package dev.provhub.scim.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.microsoft.graph.models.ProvisioningObjectSummary;

import dev.provhub.intake.csv.CsvFormatException;
import dev.provhub.runs.Run;
import dev.provhub.runs.RunArtefacts;
import dev.provhub.runs.RunHandler;
import dev.provhub.runs.RunItem;
import dev.provhub.runs.RunItems;
import dev.provhub.runs.RunOutcome;
import dev.provhub.runs.Runs;
import dev.provhub.scim.bulk.MappedRecord;
import dev.provhub.scim.bulk.RecordMapper;
import dev.provhub.scim.bulk.RecordRejectedException;
import dev.provhub.scim.config.ScimConfig;
import dev.provhub.scim.mapping.MappingCompiler;
import dev.provhub.scim.mapping.MappingDocument;
import dev.provhub.scim.mapping.MappingException;
import dev.provhub.scim.mapping.MappingIssue;
import dev.provhub.scim.sending.BulkUploadAnswer;
import dev.provhub.scim.sending.Pacer;
import dev.provhub.scim.sending.ProvisioningApi;
import dev.provhub.scim.sending.ProvisioningApiException;
import dev.provhub.scim.sending.ScimClock;
import dev.provhub.scim.source.CsvSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * One pass of a SCIM job (a run of kind {@code scim-job}). A pass goes as far as it can: prepare (read, map, detect
 * changes, build and record requests), send (paced, each request recorded as being sent before the call and its
 * outcome after), follow the provisioning logs (re-send what failed, up to the attempts). It stops where the job must
 * wait (the daily quota, a full bucket, the logs not written yet); the {@link JobResumer} starts the next pass when
 * due. A pass whose process dies is run again by another process (RETRY): requests whose outcome is unknown are
 * reconciled with the provisioning logs before anything is sent, so no request is sent twice.
 */
@ApplicationScoped
public class ScimJobRunner implements RunHandler {

    public static final String KIND = "scim-job";
    public static final String INPUT = "input.csv";

    private static final Logger LOG = Logger.getLogger(ScimJobRunner.class);
    private static final int STAGE_CHUNK = 2000;
    private static final Duration LOG_SKEW = Duration.ofMinutes(1);
    private static final DateTimeFormatter ODATA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private final Runs runs;
    private final RunItems items;
    private final RunArtefacts artefacts;
    private final JobRecords records;
    private final Pacer pacer;
    private final ScimClock clock;
    private final ScimConfig config;
    private final ProvisioningApis apis;
    private final MeterRegistry registry;

    ScimJobRunner(Runs runs, RunItems items, RunArtefacts artefacts, JobRecords records, Pacer pacer, ScimClock clock,
            ScimConfig config, ProvisioningApis apis, MeterRegistry registry) {
        this.runs = runs;
        this.items = items;
        this.artefacts = artefacts;
        this.records = records;
        this.pacer = pacer;
        this.clock = clock;
        this.config = config;
        this.apis = apis;
        this.registry = registry;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public StaleRunPolicy onStale() {
        return StaleRunPolicy.RETRY;
    }

    @Override
    public RunOutcome execute(Run run) throws Exception {
        ScimJob job = QuarkusTransaction.requiringNew().call(() -> ScimJob.forRun(run.id));
        if (job == null) {
            return RunOutcome.failed("no SCIM job for run " + run.id, null);
        }
        try {
            if (job.state == ScimJobState.QUEUED || job.state == ScimJobState.PREPARING) {
                job = prepare(run, job);
            }
            if (job.state == ScimJobState.WAITING) {
                job = update(run, job.id, j -> {
                    j.state = ScimJobState.SENDING;
                    j.waitReason = null;
                    j.resumeAt = null;
                });
            }
            if (job.state == ScimJobState.FOLLOWING_LOGS) {
                job = followLogs(run, job);
            }
            if (job.state == ScimJobState.SENDING) {
                job = send(run, job);
            }
        } catch (JobFailedException e) {
            ScimJob failed = update(run, job.id, j -> {
                j.state = ScimJobState.FAILED;
                j.failure = e.getMessage();
                j.finishedAt = clock.now();
            });
            return RunOutcome.failed(e.getMessage(), counts(failed));
        }
        ScimJob done = job;
        return RunOutcome.completed(counts(done), done.state == ScimJobState.COMPLETED_WITH_ERRORS);
    }

    // ---- prepare

    private ScimJob prepare(Run run, ScimJob queued) throws IOException {
        // an events job's records were taken when it was made; a CSV job reads its file again from the start
        boolean events = "events".equals(queued.source);
        ScimJob job = update(run, queued.id, j -> {
            j.state = ScimJobState.PREPARING;
            if (!events) {
                j.recordsRead = 0;
                j.recordsRejected = 0;
                j.recordsSuperseded = 0;
            }
        });
        if (!events) {
            QuarkusTransaction.requiringNew().run(() -> records.clear(job.id));
            items.clear(job.id);
        }
        ProvisioningApi.Target target = null;
        if (job.servicePrincipal != null) {
            try {
                target = apis.forJob(job).resolve(job.servicePrincipal, job.provisioningJob);
            } catch (RuntimeException e) {
                throw new JobFailedException(e.getMessage());
            }
            ProvisioningApi.Target resolved = target;
            update(run, job.id, j -> {
                j.servicePrincipal = resolved.servicePrincipalId();
                j.provisioningJob = resolved.jobId();
            });
        }
        if (events) {
            return requests(run, job, target, job.recordsRead, 0, 0);
        }
        MappingDocument mapping;
        try {
            mapping = job.mapping == null ? MappingDocument.defaults()
                    : MappingDocument.read(job.mappingName, job.mapping.getBytes(StandardCharsets.UTF_8),
                            config.mappingMaxBytes());
        } catch (MappingException e) {
            throw new JobFailedException("the attribute mapping cannot be read: " + e.getMessage());
        }
        long read = 0;
        long rejected = 0;
        long superseded = 0;
        try (InputStream in = artefacts.open(job.id, INPUT);
                CsvSource source = CsvSource.open(in,
                        config.csvDelimiter())) {
            MappingCompiler.Result compiled = MappingCompiler.standard().compile(mapping, source.columns(),
                    source.columns().names(), job.namespace);
            if (!compiled.valid()) {
                items.add(job.id, compiled.issues().stream().map(i -> new RunItem((long) i.position().line(),
                        i.path(), i.error() ? "mapping-error" : "mapping-warning", i.message(), i.position()
                                .toString()))
                        .toList());
                throw new JobFailedException("the attribute mapping is not valid: " + compiled.errors().size()
                        + " errors (" + String.join("; ", compiled.errors().stream().limit(5).map(MappingIssue::toString)
                                .toList())
                        + ")");
            }
            var mapper = new RecordMapper(compiled.mapping());
            var chunk = new ArrayList<MappedRecord>(STAGE_CHUNK);
            var rejections = new ArrayList<RunItem>();
            while (true) {
                CsvSource.CsvRow row;
                try {
                    row = source.next();
                } catch (RecordRejectedException e) {
                    rejected++;
                    rejections.add(RunItem.atLine(e.line(), "rejected", e.getMessage(), null));
                    continue;
                }
                if (row != null) {
                    read++;
                    try {
                        chunk.add(mapper.map(row.line(), row));
                    } catch (RecordRejectedException e) {
                        rejected++;
                        rejections.add(new RunItem(e.line(), e.externalId(), "rejected", e.getMessage(), null));
                    }
                }
                if (chunk.size() >= STAGE_CHUNK || (row == null && !chunk.isEmpty())) {
                    long done = read;
                    List<MappedRecord> staged = List.copyOf(chunk);
                    chunk.clear();
                    Map<Long, String> replaced = QuarkusTransaction.requiringNew().call(() -> {
                        runs.lockOwned(run.id);
                        Map<Long, String> lines = records.stage(job.id, staged);
                        runs.progress(run.id, done, null, Map.of("read", done));
                        return lines;
                    });
                    superseded += replaced.size();
                    replaced.forEach((line, externalId) -> rejections.add(new RunItem(line, externalId, "superseded",
                            "externalId " + externalId + " appears again later in the file; the later record is "
                                    + "sent",
                            null)));
                }
                if (rejections.size() >= 500 || row == null) {
                    items.add(job.id, rejections);
                    rejections.clear();
                }
                if (row == null) {
                    break;
                }
            }
        } catch (CsvFormatException e) {
            throw new JobFailedException("the CSV file cannot be read: " + e.getMessage());
        }
        return requests(run, job, target, read, rejected, superseded);
    }

    /** Change detection and the requests of a prepared job; the job is then sending, or done. */
    private ScimJob requests(Run run, ScimJob job, ProvisioningApi.Target target, long totalRead, long totalRejected,
            long totalSuperseded) {
        String targetKey = target == null ? null : target.key();
        return QuarkusTransaction.requiringNew().call(() -> {
            runs.lockOwned(run.id);
            if (targetKey != null && !job.fullSend) {
                records.markUnchanged(job.id, targetKey);
            }
            int built = records.buildRequests(job.id, job.dryRun || targetKey == null ? JobRecords.DRY_RUN
                    : JobRecords.PREPARED);
            ScimJob j = ScimJob.findById(job.id);
            j.recordsRead = totalRead;
            j.recordsRejected = totalRejected;
            j.recordsSuperseded = totalSuperseded;
            j.requestsTotal = built;
            if (job.dryRun || targetKey == null || built == 0) {
                j.state = totalRejected > 0 ? ScimJobState.COMPLETED_WITH_ERRORS : ScimJobState.COMPLETED;
                j.finishedAt = clock.now();
            } else {
                j.state = ScimJobState.SENDING;
            }
            runs.progress(run.id, 0, (long) built, null);
            return j;
        });
    }

    // ---- send

    private ScimJob send(Run run, ScimJob job) throws InterruptedException {
        ProvisioningApi api = apis.forJob(job);
        var target = new ProvisioningApi.Target(job.servicePrincipal, job.provisioningJob);
        String tenant = apis.settings(job).tenantKey();
        for (JobRecords.Request open : records.requests(job.id, JobRecords.SENDING)) {
            ScimJob waiting = reconcile(run, job, api, target, open);
            if (waiting != null) {
                return waiting;
            }
        }
        while (true) {
            List<JobRecords.Request> prepared = records.requests(job.id, JobRecords.PREPARED);
            if (prepared.isEmpty()) {
                break;
            }
            JobRecords.Request request = prepared.get(0);
            Pacer.Slot slot = pacer.acquire(tenant);
            if (!slot.granted()) {
                registry.counter("provhub.scim.quota.reached").increment();
                return wait(run, job.id, slot.resumeAt(), "the tenant's daily quota of "
                        + config.sending().dailyQuota() + " bulkUpload calls is spent; resumes at "
                        + slot.resumeAt());
            }
            Instant attempted = clock.now();
            QuarkusTransaction.requiringNew().run(() -> {
                runs.lockOwned(run.id);
                records.sending(job.id, request.n(), attempted);
                ScimJob j = ScimJob.findById(job.id);
                if (j.firstSentAt == null) {
                    j.firstSentAt = attempted;
                }
            });
            BulkUploadAnswer answer = api.bulkUpload(target, request.payload(), request.clientRequestId());
            pacer.answered(slot.callId());
            registry.counter("provhub.scim.bulk.calls", "status", String.valueOf(answer.status())).increment();
            Instant answered = clock.now();
            if (answer.accepted()) {
                QuarkusTransaction.requiringNew().run(() -> {
                    runs.lockOwned(run.id);
                    records.accepted(job.id, request.n(), answer.location(), answered, target.key(), null);
                    ScimJob j = ScimJob.findById(job.id);
                    j.requestsSent++;
                    runs.progress(run.id, j.requestsSent, (long) j.requestsTotal, null);
                });
                registry.counter("provhub.scim.records.sent").increment(request.records());
            } else if (answer.throttled()) {
                Duration retryAfter = answer.retryAfter() == null ? Duration.ofSeconds(5) : answer.retryAfter();
                LOG.warnf("bulkUpload answered %d for request %d of job %s; Retry-After %s", answer.status(),
                        request.n(), job.id, retryAfter);
                notReceived(run, job.id, request.n(), answer.status(), answer.status() + ": " + answer.message());
                if (retryAfter.compareTo(config.sending().maxInlineWait()) > 0) {
                    return wait(run, job.id, answered.plus(retryAfter), "throttled (" + answer.status()
                            + ") with Retry-After " + retryAfter.toSeconds() + " s");
                }
                Thread.sleep(retryAfter.toMillis());
            } else if (answer.bucketFull()) {
                long min = config.sending().bucketFullBackoffMin().toMillis();
                long max = Math.max(min, config.sending().bucketFullBackoffMax().toMillis());
                Duration backoff = Duration.ofMillis(min + (max > min ? ThreadLocalRandom.current().nextLong(
                        max - min) : 0));
                LOG.warnf("bulkUpload: the bucket of job %s is full; backing off %s", target.jobId(), backoff);
                notReceived(run, job.id, request.n(), 500, answer.message());
                return wait(run, job.id, answered.plus(backoff), "the provisioning job's bucket is full (500: "
                        + answer.message() + "); backing off " + backoff.toSeconds() + " s");
            } else if (answer.unknown()) {
                LOG.warnf("bulkUpload of request %d of job %s got no answer (%s); reconciling with the logs",
                        request.n(), job.id, answer.message());
                JobRecords.Request unknown = records.request(job.id, request.n());
                ScimJob waiting = reconcile(run, job, api, target, unknown);
                if (waiting != null) {
                    return waiting;
                }
            } else {
                QuarkusTransaction.requiringNew().run(() -> {
                    runs.lockOwned(run.id);
                    records.refused(job.id, request.n(), answer.status(), answer.message(), answered);
                });
            }
        }
        if (job.restartService) {
            // CSV2SCIM pauses the job before uploading and starts it after, so that the job takes the payloads at
            // once; but a paused job's queue takes nothing (500 "bucket is full"), so a paced upload would fail
            // whole. Restarting the job once everything is uploaded has the effect the flag is for.
            try {
                api.pause(target);
                api.start(target);
            } catch (ProvisioningApiException e) {
                // the upload stands; the job runs on its own schedule (and a pass failing here would be retried
                // forever): said once, as an item of the job
                LOG.warnf("job %s: the provisioning job %s could not be restarted: %s", job.id, target.jobId(),
                        e.getMessage());
                items.add(job.id, List.of(new RunItem(null, target.jobId(), "restart-failed", "the provisioning job "
                        + "could not be restarted after the upload: " + e.getMessage(), null)));
            }
        }
        return update(run, job.id, j -> {
            j.state = ScimJobState.FOLLOWING_LOGS;
            j.resumeAt = clock.now().plus(config.logs().pollInterval());
            j.waitReason = "reading the provisioning logs";
        });
    }

    /**
     * Decides a request whose outcome is unknown (the process died between the call and its answer, or the
     * connection broke): found in the provisioning logs (its records after the call) it was received; not found
     * {@code reconcile-after} after the call it was not, and is sent again; before that the job waits.
     *
     * @return the job waiting, or null when the request was decided
     */
    private ScimJob reconcile(Run run, ScimJob job, ProvisioningApi api, ProvisioningApi.Target target,
            JobRecords.Request request) {
        Instant attempted = request.attemptedAt() == null ? clock.now() : request.attemptedAt();
        Set<String> ids = new HashSet<>(records.externalIds(job.id, request.n()));
        boolean found = api.logs(filter(target.jobId(), attempted.minus(LOG_SKEW)), 100_000).stream()
                .anyMatch(entry -> entry.getSourceIdentity() != null && ids.contains(entry.getSourceIdentity()
                        .getId()));
        Instant now = clock.now();
        if (found) {
            LOG.infof("request %d of job %s was received (its records are in the provisioning logs): not sent "
                    + "again", request.n(), job.id);
            QuarkusTransaction.requiringNew().run(() -> {
                runs.lockOwned(run.id);
                records.accepted(job.id, request.n(), null, attempted, target.key(), "reconciled: its records are in "
                        + "the provisioning logs");
                ScimJob j = ScimJob.findById(job.id);
                j.requestsSent++;
            });
            return null;
        }
        Instant decideAt = attempted.plus(config.logs().reconcileAfter());
        if (!now.isBefore(decideAt)) {
            LOG.infof("request %d of job %s is not in the provisioning logs %s after it was sent: not received, "
                    + "sent again", request.n(), job.id, config.logs().reconcileAfter());
            notReceived(run, job.id, request.n(), null, "not received: none of its records in the provisioning "
                    + "logs " + config.logs().reconcileAfter().toMinutes() + " min after the call");
            return null;
        }
        return wait(run, job.id, decideAt, "request " + request.n() + " got no answer; looking for its records in "
                + "the provisioning logs until " + decideAt);
    }

    // ---- logs

    private ScimJob followLogs(Run run, ScimJob job) throws InterruptedException {
        ProvisioningApi api = apis.forJob(job);
        var target = new ProvisioningApi.Target(job.servicePrincipal, job.provisioningJob);
        List<JobRecords.SentRecord> sent = records.sent(job.id);
        Instant since = job.firstSentAt == null ? clock.now().minus(Duration.ofDays(1)) : job.firstSentAt;
        Map<String, ProvisioningObjectSummary> latest = new HashMap<>();
        if (!sent.isEmpty()) {
            for (ProvisioningObjectSummary entry : api.logs(filter(target.jobId(), since.minus(LOG_SKEW)),
                    1_000_000)) {
                if (entry.getSourceIdentity() != null && entry.getSourceIdentity().getId() != null) {
                    // newest first: the first entry of an externalId is its latest
                    latest.putIfAbsent(entry.getSourceIdentity().getId(), entry);
                }
            }
        }
        Instant now = clock.now();
        int retries = 0;
        int open = 0;
        var outcomes = new ArrayList<JobRecords.Outcome>();
        for (JobRecords.SentRecord record : sent) {
            ProvisioningObjectSummary entry = latest.get(record.externalId());
            boolean current = entry != null && entry.getActivityDateTime() != null && record.sentAt() != null
                    && !entry.getActivityDateTime().toInstant().isBefore(record.sentAt().minus(LOG_SKEW));
            if (!current) {
                if (record.sentAt() != null && now.isAfter(record.sentAt().plus(config.logs().giveUpAfter()))) {
                    outcomes.add(new JobRecords.Outcome(record.externalId(), JobRecords.GAVE_UP, "no provisioning "
                            + "log entry " + config.logs().giveUpAfter().toMinutes() + " min after it was sent"));
                } else {
                    open++;
                }
                continue;
            }
            String status = entry.getProvisioningStatusInfo() == null
                    || entry.getProvisioningStatusInfo().getStatus() == null ? "unknown"
                            : entry.getProvisioningStatusInfo().getStatus().getValue();
            String action = entry.getProvisioningAction() == null ? "other" : entry.getProvisioningAction().getValue();
            if (!"failure".equalsIgnoreCase(status)) {
                outcomes.add(new JobRecords.Outcome(record.externalId(), JobRecords.SUCCEEDED, action + ": "
                        + status));
                continue;
            }
            String reason = entry.getProvisioningStatusInfo().getErrorInformation() == null ? "failure"
                    : entry.getProvisioningStatusInfo().getErrorInformation().getErrorCode() + ": "
                            + entry.getProvisioningStatusInfo().getErrorInformation().getReason();
            if (record.attempts() < config.logs().maxAttempts()) {
                outcomes.add(new JobRecords.Outcome(record.externalId(), JobRecords.PENDING, action
                        + " failed (attempt " + record.attempts() + "): " + reason));
                retries++;
            } else {
                outcomes.add(new JobRecords.Outcome(record.externalId(), JobRecords.FAILED, action
                        + " failed after " + record.attempts() + " attempts: " + reason));
            }
        }
        QuarkusTransaction.requiringNew().run(() -> {
            runs.lockOwned(run.id);
            records.outcomes(job.id, outcomes, target.key());
        });
        if (retries > 0) {
            int built = QuarkusTransaction.requiringNew().call(() -> {
                runs.lockOwned(run.id);
                int n = records.buildRequests(job.id, JobRecords.PREPARED);
                ScimJob j = ScimJob.findById(job.id);
                j.requestsTotal += n;
                return n;
            });
            LOG.infof("job %s: %d records failed in the provisioning logs and are sent again in %d requests", job.id,
                    retries, built);
            return update(run, job.id, j -> {
                j.state = ScimJobState.SENDING;
                j.waitReason = null;
                j.resumeAt = null;
            });
        }
        if (open > 0) {
            String reason = open + " records have no outcome in the provisioning logs yet";
            return update(run, job.id, j -> {
                j.resumeAt = clock.now().plus(config.logs().pollInterval());
                j.waitReason = reason;
            });
        }
        List<String[]> failures = records.failures(job.id);
        items.add(job.id, failures.stream().map(f -> new RunItem(f[1] == null ? null : Long.valueOf(f[1]), f[0],
                "failed", f[2], null)).toList());
        return update(run, job.id, j -> {
            j.state = failures.isEmpty() && j.recordsRejected == 0 ? ScimJobState.COMPLETED
                    : ScimJobState.COMPLETED_WITH_ERRORS;
            j.waitReason = null;
            j.resumeAt = null;
            j.finishedAt = clock.now();
        });
    }

    static String filter(String jobId, Instant since) {
        return "jobId eq '" + jobId.replace("'", "''") + "' and activityDateTime ge "
                + ODATA_TIME.format(OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
    }

    // ---- state

    private void notReceived(Run run, UUID jobId, int n, Integer status, String note) {
        QuarkusTransaction.requiringNew().run(() -> {
            runs.lockOwned(run.id);
            records.notReceived(jobId, n, status, note);
        });
    }

    private ScimJob wait(Run run, UUID jobId, Instant resumeAt, String reason) {
        LOG.infof("job %s waits until %s: %s", jobId, resumeAt, reason);
        return update(run, jobId, j -> {
            j.state = ScimJobState.WAITING;
            j.resumeAt = resumeAt;
            j.waitReason = reason;
        });
    }

    private interface Change {
        void apply(ScimJob job);
    }

    private ScimJob update(Run run, UUID jobId, Change change) {
        return QuarkusTransaction.requiringNew().call(() -> {
            runs.lockOwned(run.id);
            ScimJob job = ScimJob.findById(jobId);
            change.apply(job);
            return job;
        });
    }

    private Map<String, Long> counts(ScimJob job) {
        var counts = new LinkedHashMap<String, Long>();
        counts.put("read", job.recordsRead);
        counts.put("rejected", job.recordsRejected);
        counts.put("superseded", job.recordsSuperseded);
        counts.put("requests", (long) job.requestsTotal);
        counts.put("requestsSent", (long) job.requestsSent);
        QuarkusTransaction.requiringNew().run(() -> records.counts(job.id).forEach((state, n) -> counts.put(
                state.toLowerCase(), n)));
        return counts;
    }

    /** The job cannot go on at all: a mapping that does not validate, a file that cannot be read, no target. */
    static class JobFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JobFailedException(String message) {
            super(message);
        }
    }
}
