package dev.provhub.exporter.run;

import java.net.URI;
import java.nio.file.Files;
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

import dev.provhub.httpapi.Roles;

/** Exports on demand, their reports and files, and the baseline. */
@Path("/api/exports")
@Produces(MediaType.APPLICATION_JSON)
public class ExportResource {

    private final ExportService exports;
    private final ExportRunner runner;

    ExportResource(ExportService exports, ExportRunner runner) {
        this.exports = exports;
        this.runner = runner;
    }

    public record ExportRequest(Boolean dryRun) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    public Response start(ExportRequest request, @Context SecurityContext security) {
        boolean dryRun = request != null && Boolean.TRUE.equals(request.dryRun());
        ExportRun run = exports.start("rest", dryRun, who(security));
        return Response.accepted(run).location(URI.create("/api/exports/" + run.id)).build();
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    public List<ExportRun> recent(@QueryParam("limit") @DefaultValue("50") int limit) {
        return exports.recent(Math.max(1, Math.min(limit, 500)));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    public ExportRun get(@PathParam("id") UUID id) {
        ExportRun run = exports.find(id);
        if (run == null) {
            throw new NotFoundException("no export " + id);
        }
        return run;
    }

    @GET
    @Path("/{id}/files/{name}")
    @Produces("text/csv")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    public Response file(@PathParam("id") UUID id, @PathParam("name") String name) {
        ExportRun run = get(id);
        // only the run's own files, by their recorded names: no path from the request reaches the file system
        var file = run.files.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("export " + id + " has no file " + name));
        java.nio.file.Path path = runner.outputDir().resolve(file.name());
        if (!Files.exists(path)) {
            throw new NotFoundException("file " + name + " is no longer kept");
        }
        return Response.ok(path.toFile())
                .header("Content-Disposition", "attachment; filename=\"" + file.name() + "\"").build();
    }

    @POST
    @Path("/baseline")
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Long> baseline() {
        return Map.of("exportedMembers", exports.baseline());
    }

    private static String who(SecurityContext security) {
        return security.getUserPrincipal() == null ? null : security.getUserPrincipal().getName();
    }
}
