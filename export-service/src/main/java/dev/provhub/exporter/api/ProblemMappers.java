package dev.provhub.exporter.api;

import java.util.UUID;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.provhub.exporter.run.ExportAlreadyRunningException;

/** One domain error, one status; anything unexpected is logged with a correlation id. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response alreadyRunning(ExportAlreadyRunningException e) {
        return Response.status(409).type(Problem.MEDIA_TYPE).entity(new Problem("about:blank",
                "An export is running", 409, e.getMessage(), e.running().toString(), null)).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return Response.status(status.getStatusCode()).type(Problem.MEDIA_TYPE).entity(new Problem("about:blank",
                status.getReasonPhrase(), status.getStatusCode(), e.getMessage(), null, null)).build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        String correlationId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error, correlation id %s", correlationId);
        return Response.status(500).type(Problem.MEDIA_TYPE).entity(new Problem("about:blank", "Internal error",
                500, "the request failed; quote the correlation id to the operators", null, correlationId)).build();
    }
}
