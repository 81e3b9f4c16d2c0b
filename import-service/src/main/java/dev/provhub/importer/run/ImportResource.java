package dev.provhub.importer.run;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
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
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.provhub.httpapi.InvalidRequestException;
import dev.provhub.httpapi.ListLimit;
import dev.provhub.httpapi.Roles;
import dev.provhub.importer.rules.ImportOptions;

/** Starts imports from an uploaded file and reports on them. */
@Path("/api/imports")
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {

    private final ImportIntake intake;
    private final ImportRuns imports;

    ImportResource(ImportIntake intake, ImportRuns imports) {
        this.intake = intake;
        this.imports = imports;
    }

    @POST
    @Consumes({ "text/csv", "application/zip", MediaType.APPLICATION_OCTET_STREAM, MediaType.TEXT_PLAIN })
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "Import a CSV or zip file into an organisation", description = "The body is the file (text/csv, application/zip); queued for whichever replica is free. dryRun runs every rule and changes nothing.")
    @APIResponse(responseCode = "202", description = "The import, queued (or FAILED when the file was refused)")
    @APIResponse(responseCode = "400", description = "No org query parameter")
    @APIResponse(responseCode = "404", description = "No such organisation")
    public Response upload(@QueryParam("org") String org, @QueryParam("fileName") String fileName,
            @QueryParam("dryRun") String dryRun, @QueryParam("update") String update,
            @QueryParam("reactivate") String reactivate, @QueryParam("force") String force,
            @Context SecurityContext security, InputStream body) {
        var request = request(org, fileName == null ? "upload" : fileName, dryRun, update, reactivate, force,
                security);
        return started(intake.accept(request, body));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "Import a file sent as the multipart form part 'file'")
    @APIResponse(responseCode = "202", description = "The import, queued (or FAILED when the file was refused)")
    @APIResponse(responseCode = "400", description = "No org query parameter or no file part")
    public Response uploadForm(@QueryParam("org") String org,
            @QueryParam("dryRun") String dryRun, @QueryParam("update") String update,
            @QueryParam("reactivate") String reactivate, @QueryParam("force") String force,
            @RestForm("file") FileUpload file, @Context SecurityContext security) throws IOException {
        if (file == null) {
            throw new InvalidRequestException("file", "the form needs a 'file' part");
        }
        var request = request(org, file.fileName(), dryRun, update, reactivate, force, security);
        try (InputStream body = Files.newInputStream(file.uploadedFile())) {
            return started(intake.accept(request, body));
        }
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "The latest imports, newest first")
    @APIResponse(responseCode = "200", description = "The imports")
    public List<ImportRunView> recent(@QueryParam("limit") @DefaultValue(ListLimit.DEFAULT) int limit) {
        return imports.recent(ListLimit.of(limit));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "One import: status, progress, counts, rejected and skipped rows")
    @APIResponse(responseCode = "200", description = "The import")
    @APIResponse(responseCode = "404", description = "No such import")
    public ImportRunView get(@PathParam("id") UUID id) {
        return imports.find(id);
    }

    @GET
    @Path("/{id}/errors")
    @Produces("text/csv")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "The rejected and skipped rows as CSV", description = "Line, kind, reason and the row (password redacted); safe to open in a spreadsheet.")
    @APIResponse(responseCode = "200", description = "The CSV")
    @APIResponse(responseCode = "404", description = "No such import")
    public Response errors(@PathParam("id") UUID id) {
        imports.find(id);
        return Response.ok(RowReports.csv(imports.reports(id)))
                .header("Content-Disposition", "attachment; filename=\"import-" + id + "-errors.csv\"").build();
    }

    private static ImportIntake.Request request(String org, String fileName, String dryRun, String update,
            String reactivate, String force, SecurityContext security) {
        if (org == null || org.isBlank()) {
            throw new InvalidRequestException("org",
                    "the 'org' query parameter names the organisation, e.g. /Root/Moran");
        }
        String who = security.getUserPrincipal() == null ? null : security.getUserPrincipal().getName();
        var options = new ImportOptions(flag("update", update, true), flag("reactivate", reactivate, false),
                flag("dryRun", dryRun, false), flag("force", force, false));
        return new ImportIntake.Request(org, fileName, options, "rest", who);
    }

    /**
     * A switch given as {@code true} or {@code false}. Anything else is refused: read as JAX-RS reads a boolean,
     * {@code dryRun=yes} would be false and run a real import.
     */
    static boolean flag(String name, String value, boolean otherwise) {
        if (value == null || value.isEmpty()) {
            return otherwise;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new InvalidRequestException(name, "'" + name + "' is true or false, not '" + value + "'");
    }

    private Response started(UUID runId) {
        return Response.accepted(imports.find(runId).withoutErrors())
                .location(URI.create("/api/imports/" + runId)).build();
    }
}
