package dev.provhub.exporter.run;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
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
import dev.provhub.runs.RunArtefacts;

/** Exports on demand, their reports and files, and the baseline. */
@Path("/api/exports")
@Produces(MediaType.APPLICATION_JSON)
public class ExportResource {

    private final ExportRuns exports;
    private final RunArtefacts artefacts;

    ExportResource(ExportRuns exports, RunArtefacts artefacts) {
        this.exports = exports;
        this.artefacts = artefacts;
    }

    public record ExportRequest(Boolean dryRun) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "Start an export", description = "Queued for whichever replica is free; a dry run writes "
            + "the files and uploads and commits nothing.")
    @APIResponse(responseCode = "202", description = "The export, queued")
    @APIResponse(responseCode = "409", description = "An export is queued or running (named in 'running')")
    public Response start(ExportRequest request, @Context SecurityContext security) {
        boolean dryRun = request != null && Boolean.TRUE.equals(request.dryRun());
        ExportRunView run = exports.start("rest", dryRun, who(security));
        return Response.accepted(run).location(URI.create("/api/exports/" + run.id())).build();
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "The latest exports, newest first")
    @APIResponse(responseCode = "200", description = "The exports")
    public List<ExportRunView> recent(@QueryParam("limit") @DefaultValue(ListLimit.DEFAULT) int limit) {
        return exports.recent(ListLimit.of(limit));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "One export: status, progress, counts, files, withheld members")
    @APIResponse(responseCode = "200", description = "The export")
    @APIResponse(responseCode = "404", description = "No such export")
    public ExportRunView get(@PathParam("id") UUID id) {
        return exports.find(id);
    }

    @GET
    @Path("/{id}/files/{name}")
    @Produces("text/csv")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "A file of an export, as it was written", description = "Kept for the file retention; "
            + "served by any replica.")
    @APIResponse(responseCode = "200", description = "The file")
    @APIResponse(responseCode = "404", description = "No such export or file, or the file is no longer kept")
    public Response file(@PathParam("id") UUID id, @PathParam("name") String name) {
        ExportRunView run = exports.find(id);
        // only the run's own files, by their recorded names: nothing from the request reaches a query unchecked
        var file = run.files().stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("export " + id + " has no file " + name));
        if (artefacts.find(id, file.name()).isEmpty()) {
            throw new NotFoundException("file " + name + " is no longer kept");
        }
        return Response.ok(artefacts.open(id, file.name()))
                .header("Content-Disposition", "attachment; filename=\"" + file.name() + "\"").build();
    }

    @POST
    @Path("/baseline")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Mark the members as they are now as already exported", description = "For moving over "
            + "from the old scripts without sending everyone again; no files.")
    @APIResponse(responseCode = "200", description = "How many members are now in the exported state")
    @APIResponse(responseCode = "409", description = "An export is running")
    public Map<String, Long> baseline(@Context SecurityContext security) {
        return Map.of("exportedMembers", exports.baseline(who(security)));
    }

    private static String who(SecurityContext security) {
        return security.getUserPrincipal() == null ? null : security.getUserPrincipal().getName();
    }
}
