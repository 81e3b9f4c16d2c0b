package dev.provhub.exporter.run;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.provhub.httpapi.Problem;

/** How the export errors answer over REST. */
public class ExportProblems {

    @ServerExceptionMapper
    public Response alreadyRunning(ExportAlreadyRunningException e) {
        return Problem.of(409, "An export is running", e.getMessage()).with("running", e.running().toString())
                .toResponse();
    }
}
