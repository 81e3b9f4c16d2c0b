package dev.provhub.httpapi;

import java.util.UUID;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The generic mappers every service shares: web exceptions keep their status, invalid requests are 400 with what
 * is wrong, and anything unexpected is a 500 that says nothing of the inside but a correlation id, logged with the
 * stack trace. Domain errors are mapped beside their exceptions, in their feature package.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return Problem.of(status.getStatusCode(), status.getReasonPhrase(), e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e) {
        return Problem.of(400, "Invalid request", e.getMessage()).with("parameter", e.parameter()).toResponse();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> v.getPropertyPath() + ": " + v.getMessage()).sorted()
                .reduce((a, b) -> a + "; " + b).orElse("invalid request");
        return Problem.of(400, "Invalid request", detail).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        String correlationId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error, correlation id %s", correlationId);
        return Problem.of(500, "Internal error", "the request failed; quote the correlation id to the operators")
                .with("correlationId", correlationId).toResponse();
    }
}
