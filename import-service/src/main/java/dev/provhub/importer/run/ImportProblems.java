package dev.provhub.importer.run;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.provhub.httpapi.Problem;
import dev.provhub.runs.RunNotFoundException;

/** How the import run errors answer over REST. */
public class ImportProblems {

    @ServerExceptionMapper
    public Response notFound(RunNotFoundException e) {
        return Problem.of(404, "Import not found", e.getMessage()).toResponse();
    }
}
