package dev.provhub.m365sim.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.SimulatorSettings;
import dev.provhub.m365sim.http.GraphException;
import dev.provhub.m365sim.http.GraphJson;
import dev.provhub.m365sim.tenant.DirectoryObject;
import dev.provhub.m365sim.tenant.DirectoryObjectType;
import dev.provhub.m365sim.tenant.Tenant;

/**
 * The provisioning service behind {@code /bulkUpload}: accepted bulk requests wait for the configured delay (none
 * by default), then a processing pass, a cycle with its own {@code cycleId}, applies them to the directory
 * ({@link InboundUserWriter}) and writes one provisioning log entry per operation. Runs on its own thread, as the
 * real service is asynchronous: clients see results only in the logs.
 */
public final class InboundProvisioning implements AutoCloseable {

    private record Staged(Tenant tenant, SynchronizationJob job, ScimBulkRequest request, Instant due) {
    }

    private final Clock clock;
    private final SimulatorSettings settings;
    private final Supplier<Tenant> currentTenant;
    private final List<Staged> staged = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "m365-simulator-provisioning");
        thread.setDaemon(true);
        return thread;
    });
    private volatile ProvisioningLog log = new ProvisioningLog();
    private volatile BulkUploadLimits limits = new BulkUploadLimits();

    public InboundProvisioning(Clock clock, SimulatorSettings settings, Supplier<Tenant> currentTenant) {
        this.clock = clock;
        this.settings = settings;
        this.currentTenant = currentTenant;
    }

    public ProvisioningLog log() {
        return log;
    }

    /** Applies the documented limits for one more call, or refuses it with 429. */
    void chargeCall(Tenant tenant) {
        Integer override = settings.bulkUploadDailyQuotaOverride();
        limits.charge(clock.instant(), settings.bulkUploadCallsPerWindow(), settings.bulkUploadWindow(),
                override != null ? override : tenant.licence().bulkUploadCallsPerDay());
    }

    /**
     * Stages a validated request; a paused or quarantined job's queue takes nothing (the documented 500).
     */
    void stage(Tenant tenant, SynchronizationJob job, ScimBulkRequest request) {
        if (job.state() != SynchronizationJob.State.ACTIVE) {
            throw new GraphException(500, "InternalServerError", "The bucket for job " + job.id() + " is full: the "
                    + "job is " + job.state().code().toLowerCase() + " and takes no more data. Start the job and "
                    + "retry in 5 to 10 minutes.");
        }
        Duration delay = settings.provisioningDelay();
        synchronized (staged) {
            staged.add(new Staged(tenant, job, request, clock.instant().plus(delay)));
        }
        inFlight.incrementAndGet();
        executor.schedule(this::runCycle, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs the cycles that are due now (used after the clock was advanced past a delay). */
    public void runDueCycles() {
        executor.submit(this::runCycle);
    }

    /** Waits until every staged request has been processed. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private void runCycle() {
        List<Staged> due = new ArrayList<>();
        Instant now = clock.instant();
        synchronized (staged) {
            for (var iterator = staged.iterator(); iterator.hasNext();) {
                Staged next = iterator.next();
                if (!next.due().isAfter(now)) {
                    due.add(next);
                    iterator.remove();
                }
            }
        }
        if (due.isEmpty()) {
            return;
        }
        String cycleId = UUID.randomUUID().toString();
        for (Staged request : due) {
            try {
                if (request.tenant() == currentTenant.get()) {
                    process(request, cycleId);
                }
            } catch (RuntimeException e) {
                System.err.println("m365-simulator: provisioning cycle failed: " + e);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private void process(Staged staged, String cycleId) {
        var writer = new InboundUserWriter(staged.tenant().directory());
        for (ObjectNode operation : staged.request().operations()) {
            long started = System.nanoTime();
            InboundUserWriter.Outcome outcome = writer.apply((ObjectNode) ScimBulkRequest.field(operation, "data"));
            log.add(entry(staged, cycleId, operation, outcome, (System.nanoTime() - started) / 1_000_000));
        }
    }

    private ObjectNode entry(Staged staged, String cycleId, ObjectNode operation, InboundUserWriter.Outcome outcome,
            long millis) {
        Tenant tenant = staged.tenant();
        SynchronizationJob job = staged.job();
        String changeId = UUID.randomUUID().toString();
        ObjectNode entry = GraphJson.object();
        entry.put("id", UUID.randomUUID().toString().replace("-", "").substring(0, 24) + "_" + changeId);
        entry.put("activityDateTime", GraphJson.dateTime(clock.instant()));
        entry.put("tenantId", tenant.id());
        entry.put("jobId", job.id());
        entry.put("cycleId", cycleId);
        entry.put("changeId", changeId);
        entry.put("durationInMilliseconds", millis);
        ObjectNode initiatedBy = entry.putObject("initiatedBy");
        initiatedBy.put("id", "");
        initiatedBy.put("displayName", "Azure AD Provisioning Service");
        initiatedBy.put("initiatorType", "system");
        entry.put("provisioningAction", outcome.action());
        ObjectNode status = entry.putObject("provisioningStatusInfo");
        status.put("status", outcome.status());
        if (outcome.errorCode() != null) {
            ObjectNode error = status.putObject("errorInformation");
            error.put("errorCode", outcome.errorCode());
            error.put("reason", outcome.reason());
            error.putNull("additionalDetails");
            error.put("errorCategory", "nonServiceFailure");
            error.putNull("recommendedAction");
        } else {
            status.putNull("errorInformation");
        }
        DirectoryObject principal = tenant.directory().find(job.servicePrincipalId());
        ObjectNode servicePrincipal = entry.putObject("servicePrincipal");
        servicePrincipal.put("id", job.servicePrincipalId());
        servicePrincipal.put("displayName", principal == null ? null : principal.text("displayName"));
        JsonNode data = ScimBulkRequest.field(operation, "data");
        ObjectNode source = entry.putObject("sourceIdentity");
        source.put("id", text(ScimBulkRequest.field(data, "externalId")));
        source.put("displayName", text(ScimBulkRequest.field(data, "displayName")));
        source.put("identityType", "User");
        source.putObject("details").put("bulkId", text(ScimBulkRequest.field(operation, "bulkId")));
        ObjectNode sourceSystem = entry.putObject("sourceSystem");
        sourceSystem.put("id", job.id());
        sourceSystem.put("displayName", "API");
        sourceSystem.putObject("details");
        ObjectNode target = entry.putObject("targetIdentity");
        target.put("id", outcome.userId());
        target.put("displayName", outcome.displayName());
        target.put("identityType", "User");
        target.putObject("details");
        ObjectNode targetSystem = entry.putObject("targetSystem");
        targetSystem.put("id", tenant.id());
        targetSystem.put("displayName", "Microsoft Entra ID");
        ObjectNode targetDetails = targetSystem.putObject("details");
        targetDetails.put("ApplicationId", principal == null ? null : principal.text("appId"));
        targetDetails.put("ServicePrincipalId", job.servicePrincipalId());
        targetDetails.put("ServicePrincipalDisplayName", principal == null ? null : principal.text("displayName"));
        ArrayNode modified = entry.putArray("modifiedProperties");
        outcome.modified().forEach(change -> {
            ObjectNode property = modified.addObject();
            property.put("displayName", change[0]);
            property.put("oldValue", change[1]);
            property.put("newValue", change[2]);
        });
        ArrayNode steps = entry.putArray("provisioningSteps");
        step(steps, 0, "EntryImport", "import", "success", "Received User '" + source.path("id").asText()
                + "' from API");
        step(steps, 1, "EntryMatching", "matching", outcome.errorCode() != null && outcome.userId() == null
                ? "skipped"
                : "success", outcome.matchDescription());
        step(steps, 2, "EntryExport", "export", outcome.status(), outcome.reason() != null ? outcome.reason()
                : outcome.action() + " User '" + outcome.displayName() + "' in Microsoft Entra ID")
                .withObject("/details").put("ReportableIdentifier", source.path("id").asText());
        return entry;
    }

    private static ObjectNode step(ArrayNode steps, int index, String name, String type, String status,
            String description) {
        ObjectNode step = steps.addObject();
        step.put("name", name);
        step.put("provisioningStepType", type);
        step.put("status", status);
        step.put("description", description);
        step.putObject("details");
        return step;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    public void reset() {
        synchronized (staged) {
            inFlight.addAndGet(-staged.size());
            staged.clear();
        }
        log = new ProvisioningLog();
        limits = new BulkUploadLimits();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    static DirectoryObjectType userType() {
        return DirectoryObjectType.USER;
    }
}
