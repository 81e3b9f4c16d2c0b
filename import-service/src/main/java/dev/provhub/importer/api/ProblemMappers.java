package dev.provhub.importer.api;

import java.util.UUID;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.provhub.importer.org.DuplicateOrganisationException;
import dev.provhub.importer.org.InvalidSettingsException;
import dev.provhub.importer.org.OrganisationNotFoundException;
import dev.provhub.importer.run.RunNotFoundException;

/** One domain error, one status; anything unexpected is logged with a correlation id and answered without details. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalidSettings(InvalidSettingsException e) {
        return Problem.response(Response.Status.BAD_REQUEST, "Invalid import settings", e.getMessage(),
                e.attribute());
    }

    @ServerExceptionMapper
    public Response organisationNotFound(OrganisationNotFoundException e) {
        return Problem.response(Response.Status.NOT_FOUND, "Organisation not found", e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response runNotFound(RunNotFoundException e) {
        return Problem.response(Response.Status.NOT_FOUND, "Import not found", e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response duplicateOrganisation(DuplicateOrganisationException e) {
        return Problem.response(Response.Status.CONFLICT, "Organisation exists", e.getMessage(), "path");
    }

    @ServerExceptionMapper
    public Response badArgument(IllegalArgumentException e) {
        return Problem.response(Response.Status.BAD_REQUEST, "Bad request", e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> v.getPropertyPath() + ": " + v.getMessage()).sorted()
                .reduce((a, b) -> a + "; " + b).orElse("invalid request");
        return Problem.response(Response.Status.BAD_REQUEST, "Invalid request", detail, null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return Response.status(status.getStatusCode()).type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(),
                        e.getMessage(), null, null))
                .build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        String correlationId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error, correlation id %s", correlationId);
        return Response.status(500).type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", "Internal error", 500,
                        "the request failed; quote the correlation id to the operators", null, correlationId))
                .build();
    }
}
