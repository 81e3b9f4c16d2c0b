package dev.provhub.scim.sending;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.graph.models.ProvisioningObjectSummary;
import com.microsoft.graph.models.ProvisioningObjectSummaryCollectionResponse;
import com.microsoft.graph.models.ServicePrincipal;
import com.microsoft.graph.models.SynchronizationJob;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.graph.serviceprincipals.item.synchronization.jobs.item.SynchronizationJobItemRequestBuilder;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.HttpMethod;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.http.middleware.options.HeadersInspectionOption;
import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;

/**
 * The calls of API-driven inbound provisioning through the Graph SDK: the service principal (by object id or appId)
 * and its job, {@code bulkUpload}, the job's schema, pause and start, and the provisioning logs. bulkUpload and the
 * schema go as raw requests through the SDK's request adapter: the SDK's {@code BulkUploadRequestBuilder} has no POST
 * for a SCIM body, and the schema is replaced whole, as CSV2SCIM does (msgraph-sdk-powershell#1134). The SDK's
 * retries are off for bulkUpload: pacing and retries are decided by the service.
 */
public final class ProvisioningApi {

    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GraphServiceClient graph;

    public ProvisioningApi(GraphServiceClient graph) {
        this.graph = graph;
    }

    /** A provisioning job: its service principal's object id and the job's id. */
    public record Target(String servicePrincipalId, String jobId) {

        /** {@code <service principal>/<job>}: the key change detection keeps its memory under. */
        public String key() {
            return servicePrincipalId + "/" + jobId;
        }
    }

    /**
     * Finds the service principal by object id or appId, and its job: the one named, or the only one.
     *
     * @throws JobSelectionException naming the jobs when there is none, several and none named, or none of that id
     * @throws TargetNotConfiguredException when no service principal has that id
     */
    public Target resolve(String servicePrincipalIdOrAppId, String jobId) {
        if (servicePrincipalIdOrAppId == null || !GUID.matcher(servicePrincipalIdOrAppId).matches()) {
            throw new TargetNotConfiguredException("-ServicePrincipalId must be the provisioning app's object id or "
                    + "appId (a GUID), not '" + servicePrincipalIdOrAppId + "'");
        }
        String id = servicePrincipalIdOrAppId.toLowerCase();
        List<ServicePrincipal> found = call(() -> graph.servicePrincipals().get(request -> {
            request.queryParameters.filter = "id eq '" + id + "' or appId eq '" + id + "'";
            request.queryParameters.select = new String[] { "id", "appId", "displayName" };
        }).getValue());
        if (found == null || found.isEmpty()) {
            throw new TargetNotConfiguredException("no service principal has the object id or appId " + id);
        }
        String principal = found.get(0).getId();
        List<SynchronizationJob> jobs = call(() -> graph.servicePrincipals().byServicePrincipalId(principal)
                .synchronization().jobs().get().getValue());
        List<String> ids = jobs == null ? List.of() : jobs.stream().map(SynchronizationJob::getId).toList();
        if (jobId != null && !jobId.isBlank()) {
            if (!ids.contains(jobId)) {
                throw new JobSelectionException("service principal " + principal + " has no provisioning job "
                        + jobId, ids);
            }
            return new Target(principal, jobId);
        }
        if (ids.isEmpty()) {
            throw new JobSelectionException("service principal " + principal + " has no provisioning job", ids);
        }
        if (ids.size() > 1) {
            throw new JobSelectionException("service principal " + principal + " has " + ids.size()
                    + " provisioning jobs: name one (--job-id, provhub.scim.target.job-id or the request's jobId)",
                    ids);
        }
        return new Target(principal, ids.get(0));
    }

    /** Posts one bulk request; never throws for an answer, and answers status 0 when none came. */
    public BulkUploadAnswer bulkUpload(Target target, String payload, UUID clientRequestId) {
        RequestInformation request = job(target).bulkUpload().toGetRequestInformation();
        request.httpMethod = HttpMethod.POST;
        request.headers.clear();
        request.headers.add("Accept", "application/json");
        request.headers.add("client-request-id", clientRequestId.toString());
        request.setStreamContent(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)),
                "application/scim+json");
        var inspection = new HeadersInspectionOption(false, true);
        request.addRequestOptions(List.of(inspection, new RetryHandlerOption((delay, attempt, req, res) -> false, 0,
                0)));
        try {
            graph.getRequestAdapter().sendPrimitive(request, errors(), Void.class);
            return new BulkUploadAnswer(202, first(inspection.getResponseHeaders(), "Location"), null, null);
        } catch (ApiException e) {
            if (e.getResponseStatusCode() == 0) {
                return new BulkUploadAnswer(0, null, null, e.getMessage());
            }
            String retryAfter = first(e.getResponseHeaders(), "Retry-After");
            return new BulkUploadAnswer(e.getResponseStatusCode(), null, retryAfter == null ? null
                    : Duration.ofSeconds(parseSeconds(retryAfter)), message(e));
        } catch (RuntimeException e) {
            // the connection broke, or the answer did not come in time: whether it arrived is unknown
            return new BulkUploadAnswer(0, null, null, e.toString());
        }
    }

    /** The job's synchronization schema, as JSON. */
    public ObjectNode schema(Target target) {
        RequestInformation request = job(target).schema().toGetRequestInformation();
        return call(() -> {
            try (InputStream in = graph.getRequestAdapter().sendPrimitive(request, errors(), InputStream.class)) {
                ObjectNode schema = (ObjectNode) JSON.readTree(in);
                schema.remove("@odata.context");
                return schema;
            } catch (IOException e) {
                throw new ProvisioningApiException(0, "the job's schema could not be read: " + e.getMessage());
            }
        });
    }

    /** Replaces the job's schema (PUT). */
    public void replaceSchema(Target target, ObjectNode schema) {
        RequestInformation request = job(target).schema().toGetRequestInformation();
        request.httpMethod = HttpMethod.PUT;
        request.setStreamContent(new ByteArrayInputStream(schema.toString().getBytes(StandardCharsets.UTF_8)),
                "application/json");
        call(() -> graph.getRequestAdapter().sendPrimitive(request, errors(), Void.class));
    }

    public void pause(Target target) {
        call(() -> {
            job(target).pause().post();
            return null;
        });
    }

    public void start(Target target) {
        call(() -> {
            job(target).start().post();
            return null;
        });
    }

    /** Provisioning log entries matching {@code filter}, newest first, every page up to {@code max}. */
    public List<ProvisioningObjectSummary> logs(String filter, int max) {
        var entries = new ArrayList<ProvisioningObjectSummary>();
        ProvisioningObjectSummaryCollectionResponse page = call(() -> graph.auditLogs().provisioning().get(request -> {
            request.queryParameters.filter = filter;
            request.queryParameters.top = 1000;
        }));
        while (page != null) {
            if (page.getValue() != null) {
                entries.addAll(page.getValue());
            }
            String next = page.getOdataNextLink();
            if (next == null || entries.size() >= max) {
                break;
            }
            page = call(() -> graph.auditLogs().provisioning().withUrl(next).get());
        }
        return entries;
    }

    private SynchronizationJobItemRequestBuilder job(Target target) {
        return graph.servicePrincipals().byServicePrincipalId(target.servicePrincipalId()).synchronization().jobs()
                .bySynchronizationJobId(target.jobId());
    }

    private static HashMap<String, ParsableFactory<? extends Parsable>> errors() {
        var errors = new HashMap<String, ParsableFactory<? extends Parsable>>();
        errors.put("XXX", ODataError::createFromDiscriminatorValue);
        return errors;
    }

    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (ApiException e) {
            throw new ProvisioningApiException(e.getResponseStatusCode(), message(e));
        }
    }

    private static String message(ApiException e) {
        if (e instanceof ODataError error && error.getError() != null && error.getError().getMessage() != null) {
            return error.getError().getCode() + ": " + error.getError().getMessage();
        }
        return e.getMessage();
    }

    private static String first(com.microsoft.kiota.ResponseHeaders headers, String name) {
        if (headers == null) {
            return null;
        }
        for (var header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return header.getValue().iterator().next();
            }
        }
        return null;
    }

    private static long parseSeconds(String value) {
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 60;
        }
    }
}
