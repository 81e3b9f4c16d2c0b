package dev.provhub.httpapi;

import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The generic mappers every service shares: web exceptions keep their status, invalid requests are 400 with what
 * is wrong, and anything unexpected is a 500 that says nothing of the inside but a correlation id, logged with the
 * stack trace. Domain errors are mapped beside their exceptions, in their feature package.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            // a body that is not JSON, or beyond the parser's limits (nesting depth, length of a string)
            return unreadableJson(json);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        return Problem.of(status.getStatusCode(), status.getReasonPhrase(), e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e) {
        return Problem.of(400, "Invalid request", e.getMessage()).with("parameter", e.parameter()).toResponse();
    }

    /**
     * A JSON body that does not fit the request: an unknown property, a value of the wrong type. Quarkus' own mapper
     * answers a bare 400 outside dev mode; this one says which property and where.
     */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    private static Response unreadableJson(JsonProcessingException e) {
        String property = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? mapping.getPath().stream()
                        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining(".")).replace(".[", "[")
                : null;
        String what;
        if (e instanceof UnrecognizedPropertyException unknown) {
            what = "unknown property '" + unknown.getPropertyName() + "'";
        } else if (property != null) {
            what = "property '" + property + "' cannot be read: " + firstLine(e.getOriginalMessage());
        } else {
            what = "the body is not the JSON expected: " + firstLine(e.getOriginalMessage());
        }
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? ""
                : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return Problem.of(400, "Invalid request", what + where).with("parameter", property == null ? "body" : property)
                .toResponse();
    }

    /** Jackson's messages go on with hints about Java types after the first line; the client needs the first. */
    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
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
