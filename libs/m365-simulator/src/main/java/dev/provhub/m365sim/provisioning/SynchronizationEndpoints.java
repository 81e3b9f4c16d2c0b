package dev.provhub.m365sim.provisioning;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.graph.Permissions;
import dev.provhub.m365sim.http.GraphCall;
import dev.provhub.m365sim.http.GraphException;
import dev.provhub.m365sim.http.GraphJson;
import dev.provhub.m365sim.http.GraphResponse;
import dev.provhub.m365sim.http.GraphRoute;
import dev.provhub.m365sim.http.GraphRouter;
import dev.provhub.m365sim.tenant.DirectoryObjectType;
import dev.provhub.m365sim.tenant.Tenant;

/**
 * A service principal's synchronization jobs: list and get, the schema (GET, and PUT validated), {@code pause},
 * {@code start}, and {@code bulkUpload}, at the same paths in v1.0 and beta.
 */
public final class SynchronizationEndpoints {

    private static final String JOBS = "servicePrincipals/{id}/synchronization/jobs";

    private final InboundProvisioning provisioning;

    public SynchronizationEndpoints(InboundProvisioning provisioning) {
        this.provisioning = provisioning;
    }

    public void register(GraphRouter router) {
        router.add(GraphRoute.of("GET", JOBS, Permissions.SYNCHRONIZATION_READ, 1, this::list));
        router.add(GraphRoute.of("GET", JOBS + "/{jobId}", Permissions.SYNCHRONIZATION_READ, 1, this::get));
        router.add(GraphRoute.of("GET", JOBS + "/{jobId}/schema", Permissions.SYNCHRONIZATION_READ, 1,
                this::schema));
        router.add(GraphRoute.of("PUT", JOBS + "/{jobId}/schema", Permissions.SYNCHRONIZATION_WRITE, 1,
                this::replaceSchema));
        router.add(GraphRoute.of("POST", JOBS + "/{jobId}/pause", Permissions.SYNCHRONIZATION_WRITE, 1,
                call -> changeState(call, SynchronizationJob.State.PAUSED)));
        router.add(GraphRoute.of("POST", JOBS + "/{jobId}/start", Permissions.SYNCHRONIZATION_WRITE, 1,
                call -> changeState(call, SynchronizationJob.State.ACTIVE)));
        // bulkUpload has its own limits (40 calls in 5 s, a daily quota), not the identity resource units
        router.add(GraphRoute.of("POST", JOBS + "/{jobId}/bulkUpload", Permissions.BULK_UPLOAD, 0, this::bulkUpload));
    }

    private GraphResponse list(GraphCall call) {
        String principal = requirePrincipal(call);
        ObjectNode body = GraphJson.object();
        body.put("@odata.context", call.context().serviceRoot(call.request()) + "/$metadata#servicePrincipals('"
                + principal + "')/synchronization/jobs");
        ArrayNode value = body.putArray("value");
        call.context().tenant().jobs(principal).forEach(job -> value.add(job.toJson()));
        return GraphResponse.ok(body);
    }

    private GraphResponse get(GraphCall call) {
        SynchronizationJob job = requireJob(call);
        ObjectNode body = GraphJson.object();
        body.put("@odata.context", call.context().serviceRoot(call.request()) + "/$metadata#servicePrincipals('"
                + job.servicePrincipalId() + "')/synchronization/jobs/$entity");
        body.setAll(job.toJson());
        return GraphResponse.ok(body);
    }

    private GraphResponse schema(GraphCall call) {
        SynchronizationJob job = requireJob(call);
        ObjectNode body = GraphJson.object();
        body.put("@odata.context", call.context().serviceRoot(call.request()) + "/$metadata#servicePrincipals('"
                + job.servicePrincipalId() + "')/synchronization/jobs('" + job.id() + "')/schema/$entity");
        body.setAll(job.schema());
        return GraphResponse.ok(body);
    }

    private GraphResponse replaceSchema(GraphCall call) {
        SynchronizationJob job = requireJob(call);
        JsonNode body = json(call);
        InboundSchema.validateReplacement(job.schema(), body);
        ObjectNode schema = ((ObjectNode) body).deepCopy();
        schema.remove("@odata.context");
        schema.put("id", job.id());
        job.replaceSchema(schema);
        return GraphResponse.empty(204);
    }

    private GraphResponse changeState(GraphCall call, SynchronizationJob.State state) {
        SynchronizationJob job = requireJob(call);
        job.state(state);
        return GraphResponse.empty(204);
    }

    private GraphResponse bulkUpload(GraphCall call) {
        String contentType = call.request().header("Content-Type");
        if (contentType == null || !contentType.toLowerCase().startsWith("application/scim+json")) {
            throw GraphException.badRequest("BadRequest", "The Content-Type of a bulkUpload request must be "
                    + "application/scim+json; it is '" + contentType + "'.");
        }
        Tenant tenant = call.context().tenant();
        SynchronizationJob job = requireJob(call);
        provisioning.chargeCall(tenant);
        ScimBulkRequest request = ScimBulkRequest.validate(json(call), InboundSchema.customAttributes(job.schema()));
        provisioning.stage(tenant, job, request);
        String filter = URLEncoder.encode("jobid eq '" + job.id() + "'", StandardCharsets.UTF_8).replace("+", "%20")
                .replace("%27", "'");
        return GraphResponse.empty(202).header("Location",
                call.context().serviceRoot(call.request()) + "/auditLogs/provisioning/?$filter=" + filter);
    }

    private static JsonNode json(GraphCall call) {
        try {
            JsonNode body = GraphJson.parse(call.request().body());
            if (body == null || body.isMissingNode()) {
                throw GraphException.badRequest("BadRequest", "The request body is empty.");
            }
            return body;
        } catch (IOException e) {
            throw GraphException.badRequest("BadRequest", "The request body is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static String requirePrincipal(GraphCall call) {
        String id = call.parameter("id").toLowerCase();
        if (call.context().tenant().directory().find(id, DirectoryObjectType.SERVICE_PRINCIPAL) == null) {
            throw GraphException.notFound(id);
        }
        return id;
    }

    private static SynchronizationJob requireJob(GraphCall call) {
        String principal = requirePrincipal(call);
        SynchronizationJob job = call.context().tenant().job(principal, call.parameter("jobId"));
        if (job == null) {
            throw new GraphException(404, "ResourceNotFound", "The synchronization job '" + call.parameter("jobId")
                    + "' was not found for service principal '" + principal + "'.");
        }
        return job;
    }

    static List<String> unused() {
        return List.of();
    }
}
