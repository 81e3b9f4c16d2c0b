package dev.provhub.scim.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.provhub.httpapi.InvalidRequestException;
import dev.provhub.httpapi.Roles;
import dev.provhub.scim.config.ScimConfig;
import dev.provhub.scim.logs.CycleLogs;
import dev.provhub.scim.run.ProvisioningApis;
import dev.provhub.scim.sending.ProvisioningApi;
import dev.provhub.scim.sending.TargetSettings;

/** -GetPreviousCycleLogs over REST. */
@Path("/api/scim/logs")
@Produces(MediaType.APPLICATION_JSON)
public class LogsResource {

    private final ProvisioningApis apis;
    private final ScimConfig config;

    LogsResource(ProvisioningApis apis, ScimConfig config) {
        this.apis = apis;
        this.config = config;
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "The provisioning logs of the last cycles", description = "Statistics per action (Create, "
            + "Update, Delete, Disable, StagedDelete, Other) and status (Success, Failure, Skipped, Warning), and "
            + "every record with its modified properties, for the last N cycles of the provisioning job.")
    @APIResponse(responseCode = "200", description = "The cycles, newest first")
    @APIResponse(responseCode = "409", description = "The provisioning job cannot be chosen (the jobs are listed)")
    public List<CycleLogs.Cycle> cycles(@QueryParam("servicePrincipalId") String servicePrincipalId,
            @QueryParam("jobId") String jobId, @QueryParam("cycles") @DefaultValue("1") int cycles) {
        String principal = servicePrincipalId == null || servicePrincipalId.isBlank()
                ? config.target().servicePrincipalId().orElseThrow(() -> new InvalidRequestException(
                        "servicePrincipalId", "name the provisioning app's service principal"))
                : servicePrincipalId;
        ProvisioningApi api = apis.get(TargetSettings.of(config.target()));
        ProvisioningApi.Target target = api.resolve(principal, jobId == null || jobId.isBlank()
                ? config.target().jobId().orElse(null)
                : jobId);
        return CycleLogs.read(api, target.jobId(), Math.max(1, Math.min(cycles, 50)));
    }
}
