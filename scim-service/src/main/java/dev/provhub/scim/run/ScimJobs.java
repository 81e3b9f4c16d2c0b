package dev.provhub.scim.run;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.provhub.runs.NewRun;
import dev.provhub.runs.Run;
import dev.provhub.runs.RunArtefacts;
import dev.provhub.runs.RunItems;
import dev.provhub.runs.RunNotFoundException;
import dev.provhub.runs.RunQueue;
import dev.provhub.runs.Runs;
import dev.provhub.scim.sending.Pacer;
import dev.provhub.scim.sending.ScimClock;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Starts SCIM jobs (queued for any replica, or run here for a command or a dry run) and shows them. */
@ApplicationScoped
public class ScimJobs {

    private final Runs runs;
    private final RunQueue queue;
    private final RunArtefacts artefacts;
    private final RunItems items;
    private final JobRecords records;
    private final Pacer pacer;
    private final ScimClock clock;
    private final ProvisioningApis apis;

    ScimJobs(Runs runs, RunQueue queue, RunArtefacts artefacts, RunItems items, JobRecords records, Pacer pacer,
            ScimClock clock, ProvisioningApis apis) {
        this.runs = runs;
        this.queue = queue;
        this.artefacts = artefacts;
        this.items = items;
        this.records = records;
        this.pacer = pacer;
        this.clock = clock;
        this.apis = apis;
    }

    /** Passes of jobs to one service principal run one at a time; jobs that only generate (or dry runs) run apart. */
    static String scope(ScimJob job) {
        return job.servicePrincipal == null || job.dryRun ? "generate:" + job.id
                : job.servicePrincipal.toLowerCase();
    }

    /** Records the job with its file and queues its first pass. */
    public ScimJobView submit(NewScimJob spec) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            ScimJob job = record(id, spec);
            artefacts.store(id, ScimJobRunner.INPUT, "text/csv", spec.csv());
            runs.enqueue(new NewRun(id, ScimJobRunner.KIND, scope(job), spec.trigger(), spec.requestedBy(),
                    spec.dryRun()));
        });
        return find(id);
    }

    /**
     * Makes the pending records of user-change events a job of source {@code events} and queues its first pass;
     * returns its id.
     */
    public UUID submitEvents(String eventTarget, String servicePrincipalId, String jobId, String namespace) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            var job = new ScimJob();
            job.id = id;
            job.runId = id;
            job.source = "events";
            job.namespace = namespace;
            job.servicePrincipal = servicePrincipalId;
            job.provisioningJob = jobId;
            job.state = ScimJobState.QUEUED;
            job.createdAt = clock.now();
            job.requestedBy = "user-changes";
            // flushed: the records are copied with JDBC and refer to it
            job.persistAndFlush();
            job.recordsRead = records.takeEvents(id, eventTarget);
            runs.enqueue(new NewRun(id, ScimJobRunner.KIND, scope(job), "events", "user-changes", false));
        });
        return id;
    }

    /** Records the job and runs its first pass here, now (a command, a dry run); returns it after that pass. */
    public ScimJobView runHere(NewScimJob spec, UUID id) {
        ScimJob job = QuarkusTransaction.requiringNew().call(() -> {
            ScimJob recorded = record(id, spec);
            artefacts.store(id, ScimJobRunner.INPUT, "text/csv", spec.csv());
            return recorded;
        });
        queue.runHere(new NewRun(id, ScimJobRunner.KIND, scope(job), spec.trigger(), spec.requestedBy(),
                spec.dryRun()));
        return find(id);
    }

    private ScimJob record(UUID id, NewScimJob spec) {
        var job = new ScimJob();
        job.id = id;
        job.runId = id;
        job.source = "csv";
        job.csvName = spec.csvName();
        job.mappingName = spec.mappingName();
        job.mapping = spec.mapping();
        job.namespace = spec.namespace();
        job.servicePrincipal = spec.servicePrincipalId();
        job.provisioningJob = spec.jobId();
        job.tenantId = spec.tenantId();
        job.clientId = spec.clientId();
        job.clientCertificate = spec.clientCertificate();
        job.fullSend = spec.full();
        job.restartService = spec.restartService();
        job.dryRun = spec.dryRun();
        job.requestedBy = spec.requestedBy();
        job.state = ScimJobState.QUEUED;
        job.createdAt = clock.now();
        job.persist();
        return job;
    }

    /** @throws RunNotFoundException when there is no such job */
    public ScimJobView find(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ScimJob job = ScimJob.findById(id);
            if (job == null) {
                throw new RunNotFoundException(ScimJobRunner.KIND, id);
            }
            return view(job);
        });
    }

    public List<ScimJobView> recent(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> ScimJob.<ScimJob> find("order by createdAt desc")
                .page(0, limit).list().stream().map(this::view).toList());
    }

    /** The job's request {@code n}, as recorded (the payload sent, or that would be sent). */
    public JobRecords.Request request(UUID id, int n) {
        find(id);
        JobRecords.Request request = QuarkusTransaction.requiringNew().call(() -> records.request(id, n));
        if (request == null) {
            throw new RunNotFoundException("request " + n + " of SCIM job", id);
        }
        return request;
    }

    public List<JobRecords.Request> requests(UUID id) {
        find(id);
        return QuarkusTransaction.requiringNew().call(() -> records.requests(id, null));
    }

    /** The run of the job's current pass. */
    public Run currentRun(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ScimJob job = ScimJob.findById(id);
            return job == null || job.runId == null ? null : runs.find(job.runId).orElse(null);
        });
    }

    private ScimJobView view(ScimJob job) {
        Integer quotaLeft = null;
        if (job.servicePrincipal != null) {
            quotaLeft = pacer.usage(apis.settings(job).tenantKey())[1];
        }
        return ScimJobView.of(job, records.counts(job.id), items.list(job.id), quotaLeft);
    }
}
