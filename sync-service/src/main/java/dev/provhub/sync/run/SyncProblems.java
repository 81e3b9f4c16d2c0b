package dev.provhub.sync.run;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.provhub.httpapi.Problem;
import dev.provhub.runs.RunNotFoundException;

/** How sync run errors answer over REST. */
public class SyncProblems {

    @ServerExceptionMapper
    public Response notFound(RunNotFoundException e) {
        return Problem.of(404, "Sync not found", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response invalidOptions(InvalidSyncOptionsException e) {
        return Problem.of(400, "Invalid sync options", e.getMessage()).with("option", e.option()).toResponse();
    }

    @ServerExceptionMapper
    public Response profileActive(ProfileRunActiveException e) {
        return Problem.of(409, "Profile already running", e.getMessage()).with("profile", e.profile()).toResponse();
    }

    @ServerExceptionMapper
    public Response unknownProfile(UnknownProfileException e) {
        return Problem.of(404, "Profile not found", e.getMessage()).with("profile", e.profile()).toResponse();
    }
}
