package dev.provhub.importer.org;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.provhub.httpapi.Problem;

/** How the organisation errors answer over REST. */
public class OrganisationProblems {

    @ServerExceptionMapper
    public Response invalidSettings(InvalidSettingsException e) {
        return Problem.of(400, "Invalid import settings", e.getMessage()).with("attribute", e.attribute())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(OrganisationNotFoundException e) {
        return Problem.of(404, "Organisation not found", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response duplicate(DuplicateOrganisationException e) {
        return Problem.of(409, "Organisation exists", e.getMessage()).with("attribute", "path").toResponse();
    }
}
