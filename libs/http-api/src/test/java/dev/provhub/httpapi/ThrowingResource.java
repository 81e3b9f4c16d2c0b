package dev.provhub.httpapi;

import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Endpoints that fail in each way the generic mappers handle. */
@Path("/api/test")
@Produces(MediaType.APPLICATION_JSON)
public class ThrowingResource {

    public record Named(@NotBlank String name) {
    }

    @GET
    @Path("/admin-only")
    @RolesAllowed(Roles.ADMIN)
    public String adminOnly() {
        return "ok";
    }

    @GET
    @Path("/invalid")
    @RolesAllowed(Roles.VIEWER)
    public String invalid(@QueryParam("org") String org) {
        throw new InvalidRequestException("org", "the 'org' query parameter names the organisation");
    }

    @POST
    @Path("/validated")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.VIEWER)
    public String validated(@Valid Named named) {
        return named.name();
    }

    @POST
    @Path("/any-json")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.VIEWER)
    public int anyJson(Map<String, Object> body) {
        return body.size();
    }

    @GET
    @Path("/runs/{id}")
    @RolesAllowed(Roles.VIEWER)
    public String run(@PathParam("id") UUID id) {
        return id.toString();
    }

    @GET
    @Path("/bug")
    @RolesAllowed(Roles.VIEWER)
    public String bug() {
        throw new IllegalStateException("secret internal state at /var/lib/provhub");
    }

    @GET
    @Path("/bad-argument")
    @RolesAllowed(Roles.VIEWER)
    public String badArgument() {
        throw new IllegalArgumentException("an internal argument check");
    }
}
