package dev.provhub.sync.run;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.provhub.httpapi.ListLimit;
import dev.provhub.httpapi.Roles;

/** Starts syncs with the command's options as JSON, and reports on them. */
@Path("/api/syncs")
@Produces(MediaType.APPLICATION_JSON)
public class SyncResource {

    private final SyncRuns runs;

    SyncResource(SyncRuns runs) {
        this.runs = runs;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "Queue a sync", description = "The options of mi-o365-usersync provision as JSON; the run "
            + "signs in with the service's app registration. One sync runs at a time: later ones wait in the queue.")
    @APIResponse(responseCode = "202", description = "The sync, queued")
    @APIResponse(responseCode = "400", description = "Options that cannot run together or cannot be read")
    public Response start(@Valid @NotNull SyncRequest request, @Context SecurityContext security) {
        SyncRunView run = runs.enqueue(request.toOptions(), null, "rest", user(security));
        return Response.accepted(run).location(URI.create("/api/syncs/" + run.id())).build();
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "The newest syncs, newest first")
    @APIResponse(responseCode = "200", description = "The syncs")
    public List<SyncRunView> list(@QueryParam("limit") @DefaultValue(ListLimit.DEFAULT) int limit) {
        return runs.recent(ListLimit.of(limit));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "A sync: status, progress, summary, skipped users and, with a full summary, every "
            + "affected user")
    @APIResponse(responseCode = "200", description = "The sync")
    @APIResponse(responseCode = "404", description = "No such sync")
    public SyncRunView get(@PathParam("id") UUID id) {
        return runs.view(id, true);
    }

    static String user(SecurityContext security) {
        return security.getUserPrincipal() == null ? null : security.getUserPrincipal().getName();
    }
}
