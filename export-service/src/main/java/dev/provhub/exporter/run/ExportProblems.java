package dev.provhub.exporter.run;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.provhub.httpapi.Problem;
import dev.provhub.runs.RunAlreadyActiveException;
import dev.provhub.runs.RunNotFoundException;

/** How the export errors answer over REST. */
public class ExportProblems {

    @ServerExceptionMapper
    public Response alreadyRunning(RunAlreadyActiveException e) {
        return Problem.of(409, "An export is running", e.getMessage())
                .with("running", e.active() == null ? null : e.active().toString()).toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(RunNotFoundException e) {
        return Problem.of(404, "Export not found", e.getMessage()).toResponse();
    }
}
