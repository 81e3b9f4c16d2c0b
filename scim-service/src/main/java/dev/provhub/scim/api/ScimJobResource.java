package dev.provhub.scim.api;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import dev.provhub.scim.config.ScimConfig;
import dev.provhub.scim.run.JobRecords;
import dev.provhub.scim.run.NewScimJob;
import dev.provhub.scim.run.ScimJobView;
import dev.provhub.scim.run.ScimJobs;

/** SCIM jobs: a CSV file and a mapping to send to a provisioning job, their progress, and the requests sent. */
@Path("/api/scim/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class ScimJobResource {

    private final ScimJobs jobs;
    private final ScimConfig config;

    ScimJobResource(ScimJobs jobs, ScimConfig config) {
        this.jobs = jobs;
        this.config = config;
    }

    /** A dry run's answer: the job and the bulk requests it would send. */
    public record DryRun(ScimJobView job, List<RequestView> requests) {
    }

    /** A request of a job: its number, state, the answer and the payload. */
    public record RequestView(int n, String state, int records, Integer httpStatus, String location, int attempts,
            String note, String clientRequestId) {
        static RequestView of(JobRecords.Request r) {
            return new RequestView(r.n(), r.state(), r.records(), r.httpStatus(), r.location(), r.attempts(),
                    r.note(), r.clientRequestId().toString());
        }
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "Start a SCIM job", description = "A CSV file (part 'csv') and an attribute mapping (part "
            + "'mapping': AttributeMapping.psd1, JSON or YAML; the script's default mapping when absent), with "
            + "CSV2SCIM's options. Queued for any replica (202); with dryRun=true the bulk requests are built here "
            + "and returned, nothing is sent (200). Without servicePrincipalId the requests are only generated.")
    @APIResponse(responseCode = "202", description = "The job, queued")
    @APIResponse(responseCode = "200", description = "A dry run: the job and its bulk requests")
    @APIResponse(responseCode = "400", description = "No CSV file")
    @APIResponse(responseCode = "422", description = "The mapping file is refused (with file, line and column)")
    public Response start(@RestForm("csv") FileUpload csv, @RestForm("path") String path,
            @RestForm("mapping") FileUpload mapping, @RestForm("namespace") String namespace,
            @RestForm("servicePrincipalId") String servicePrincipalId, @RestForm("jobId") String jobId,
            @RestForm("full") boolean full, @RestForm("restartService") boolean restartService,
            @RestForm("dryRun") boolean dryRun, @Context SecurityContext security) throws IOException {
        java.nio.file.Path file;
        String name;
        if (csv != null) {
            file = csv.uploadedFile();
            name = csv.fileName();
        } else if (path != null && !path.isBlank()) {
            file = inputFile(path);
            name = file.getFileName().toString();
        } else {
            throw new InvalidRequestException("csv", "send the CSV file as the part 'csv' (or 'path' of a file in "
                    + "provhub.scim.input-dir)");
        }
        String mappingText = null;
        String mappingName = null;
        if (mapping != null) {
            if (Files.size(mapping.uploadedFile()) > config.mappingMaxBytes()) {
                throw new InvalidRequestException("mapping", "the mapping file is larger than "
                        + config.mappingMaxBytes() + " bytes");
            }
            mappingText = Files.readString(mapping.uploadedFile(), StandardCharsets.UTF_8);
            mappingName = mapping.fileName();
            dev.provhub.scim.mapping.MappingDocument.read(mappingName, mappingText.getBytes(StandardCharsets.UTF_8),
                    config.mappingMaxBytes());
        }
        String who = security.getUserPrincipal() == null ? null : security.getUserPrincipal().getName();
        String principal = blank(servicePrincipalId) ? config.target().servicePrincipalId().orElse(null)
                : servicePrincipalId;
        String job = blank(jobId) ? config.target().jobId().orElse(null) : jobId;
        var spec = new NewScimJob(file, name, mappingName, mappingText, blank(namespace) ? null : namespace,
                principal, job, null, null, null, full, restartService, dryRun, "rest", who);
        if (dryRun) {
            ScimJobView view = jobs.runHere(spec, UUID.randomUUID());
            return Response.ok(new DryRun(view, jobs.requests(view.id()).stream().map(RequestView::of).toList()))
                    .build();
        }
        ScimJobView view = jobs.submit(spec);
        return Response.accepted(view).location(URI.create("/api/scim/jobs/" + view.id())).build();
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "The latest SCIM jobs, newest first")
    @APIResponse(responseCode = "200", description = "The jobs")
    public List<ScimJobView> recent(@QueryParam("limit") @DefaultValue(ListLimit.DEFAULT) int limit) {
        return jobs.recent(ListLimit.of(limit));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "One SCIM job: state, progress (records read / sent / accepted / failed, requests, quota "
            + "left), refused and failed records")
    @APIResponse(responseCode = "200", description = "The job")
    @APIResponse(responseCode = "404", description = "No such job")
    public ScimJobView get(@PathParam("id") UUID id) {
        return jobs.find(id);
    }

    @GET
    @Path("/{id}/requests")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "The bulk requests of a job, with their outcomes")
    @APIResponse(responseCode = "200", description = "The requests")
    @APIResponse(responseCode = "404", description = "No such job")
    public List<RequestView> requests(@PathParam("id") UUID id) {
        return jobs.requests(id).stream().map(RequestView::of).toList();
    }

    @GET
    @Path("/{id}/requests/{n}")
    @Produces("application/scim+json")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "The payload of request n of a job, as it was (or would be) sent")
    @APIResponse(responseCode = "200", description = "The SCIM BulkRequest")
    @APIResponse(responseCode = "404", description = "No such job or request")
    public Response request(@PathParam("id") UUID id, @PathParam("n") int n) {
        JobRecords.Request request = jobs.request(id, n);
        return Response.ok(request.payload(), "application/scim+json").header("X-Request-State", request.state())
                .build();
    }

    private java.nio.file.Path inputFile(String path) {
        java.nio.file.Path dir = config.inputDir().map(java.nio.file.Path::of).orElseThrow(
                () -> new InvalidRequestException("path", "reading files on the server is off: set "
                        + "provhub.scim.input-dir, or upload the file as the part 'csv'"));
        java.nio.file.Path file = dir.resolve(path).normalize();
        if (!file.startsWith(dir.normalize()) || !Files.isRegularFile(file)) {
            throw new InvalidRequestException("path", "no file " + path + " in the input folder");
        }
        return file;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
