package dev.provhub.scim.api;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.provhub.httpapi.Problem;
import dev.provhub.runs.RunNotFoundException;
import dev.provhub.scim.bulk.MappingInvalidException;
import dev.provhub.scim.mapping.MappingException;
import dev.provhub.scim.sending.JobSelectionException;
import dev.provhub.scim.sending.ProvisioningApiException;
import dev.provhub.scim.sending.TargetNotConfiguredException;

/** How SCIM errors answer over REST: one exception, one status. */
public class ScimProblems {

    @ServerExceptionMapper
    public Response notFound(RunNotFoundException e) {
        return Problem.of(404, "SCIM job not found", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response mappingUnreadable(MappingException e) {
        return Problem.of(422, "Mapping file refused", e.getMessage()).with("position", e.position().toString())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response mappingInvalid(MappingInvalidException e) {
        return Problem.of(422, "Mapping not valid", e.issues().size() + " issues").with("issues",
                e.issues().stream().map(MappingIssueView::of).toList()).toResponse();
    }

    @ServerExceptionMapper
    public Response jobSelection(JobSelectionException e) {
        return Problem.of(409, "Provisioning job not chosen", e.getMessage()).with("jobs", e.jobs()).toResponse();
    }

    @ServerExceptionMapper
    public Response notConfigured(TargetNotConfiguredException e) {
        return Problem.of(409, "Provisioning app not reachable", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response graph(ProvisioningApiException e) {
        return Problem.of(502, "Microsoft Graph refused the call", e.getMessage()).with("graphStatus", e.status())
                .toResponse();
    }
}
