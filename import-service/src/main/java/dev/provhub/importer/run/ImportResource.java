package dev.provhub.importer.run;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.provhub.httpapi.InvalidRequestException;
import dev.provhub.httpapi.Roles;
import dev.provhub.importer.rules.ImportOptions;

/** Starts imports from an uploaded file and reports on them. */
@Path("/api/imports")
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {

    private final ImportIntake intake;
    private final ImportQueue queue;
    private final RunLedger ledger;

    ImportResource(ImportIntake intake, ImportQueue queue, RunLedger ledger) {
        this.intake = intake;
        this.queue = queue;
        this.ledger = ledger;
    }

    public record ImportRunView(UUID id, String org, String source, String fileName, RunStatus status,
            boolean dryRun, boolean update, boolean reactivate, boolean force, long rowsTotal, long rowsDone,
            double progress, Map<String, Long> counts, List<String> ignoredColumns, String failure,
            String requestedBy, Instant createdAt, Instant startedAt, Instant finishedAt, Long durationMillis,
            List<RowReport> errors) {

        static ImportRunView of(ImportRun run, List<RowReport> errors) {
            double progress = run.status.finished() ? 1.0
                    : run.rowsTotal == 0 ? 0.0 : Math.min(1.0, (double) run.rowsDone / run.rowsTotal);
            return new ImportRunView(run.id, run.orgPath, run.source, run.fileName, run.status, run.dryRun,
                    run.allowUpdate, run.allowReactivate, run.forced, run.rowsTotal, run.rowsDone, progress,
                    run.counts, run.ignoredColumns, run.failure, run.requestedBy, run.createdAt, run.startedAt,
                    run.finishedAt, run.startedAt == null || run.finishedAt == null ? null
                            : java.time.Duration.between(run.startedAt, run.finishedAt).toMillis(),
                    errors);
        }
    }

    @POST
    @Consumes({ "text/csv", "application/zip", MediaType.APPLICATION_OCTET_STREAM, MediaType.TEXT_PLAIN })
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    public Response upload(@QueryParam("org") String org, @QueryParam("fileName") String fileName,
            @QueryParam("dryRun") @DefaultValue("false") boolean dryRun,
            @QueryParam("update") @DefaultValue("true") boolean update,
            @QueryParam("reactivate") @DefaultValue("false") boolean reactivate,
            @QueryParam("force") @DefaultValue("false") boolean force,
            @Context SecurityContext security, InputStream body) {
        var request = request(org, fileName == null ? "upload" : fileName, dryRun, update, reactivate, force,
                security);
        return started(intake.accept(request, body));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    public Response uploadForm(@QueryParam("org") String org,
            @QueryParam("dryRun") @DefaultValue("false") boolean dryRun,
            @QueryParam("update") @DefaultValue("true") boolean update,
            @QueryParam("reactivate") @DefaultValue("false") boolean reactivate,
            @QueryParam("force") @DefaultValue("false") boolean force,
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
    public List<ImportRunView> recent(@QueryParam("limit") @DefaultValue("50") int limit) {
        return ledger.recent(Math.max(1, Math.min(limit, 500))).stream().map(r -> ImportRunView.of(r, null))
                .toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    public ImportRunView get(@PathParam("id") UUID id) {
        ImportRun run = ledger.find(id);
        if (run == null) {
            throw new RunNotFoundException(id);
        }
        return ImportRunView.of(run, ledger.reports(id));
    }

    @GET
    @Path("/{id}/errors")
    @Produces("text/csv")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    public Response errors(@PathParam("id") UUID id) {
        if (ledger.find(id) == null) {
            throw new RunNotFoundException(id);
        }
        return Response.ok(RowReports.csv(ledger.reports(id)))
                .header("Content-Disposition", "attachment; filename=\"import-" + id + "-errors.csv\"").build();
    }

    private static ImportIntake.Request request(String org, String fileName, boolean dryRun, boolean update,
            boolean reactivate, boolean force, SecurityContext security) {
        if (org == null || org.isBlank()) {
            throw new InvalidRequestException("org",
                    "the 'org' query parameter names the organisation, e.g. /Root/Moran");
        }
        String who = security.getUserPrincipal() == null ? null : security.getUserPrincipal().getName();
        return new ImportIntake.Request(org, fileName, new ImportOptions(update, reactivate, dryRun, force), "rest",
                who);
    }

    private Response started(ImportRun run) {
        if (run.status == RunStatus.QUEUED) {
            queue.submit(run.id);
        }
        return Response.accepted(ImportRunView.of(ledger.find(run.id), null))
                .location(URI.create("/api/imports/" + run.id)).build();
    }
}
