package dev.provhub.sync.directory;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.provhub.httpapi.Problem;

/** How the directory's errors answer over REST. */
public class DirectoryProblems {

    @ServerExceptionMapper
    public Response notFound(DirectoryExceptions.NotFound e) {
        return Problem.of(404, "Not found", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response duplicate(DirectoryExceptions.DuplicateGroup e) {
        return Problem.of(409, "Group exists", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response managed(DirectoryExceptions.ManagedMembership e) {
        return Problem.of(409, "Membership managed by the sync", e.getMessage()).toResponse();
    }
}
