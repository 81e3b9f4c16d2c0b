package dev.provhub.importer.org;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.provhub.httpapi.Roles;

/** Organisations, their profile fields and import settings. */
@Path("/api/orgs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrganisationResource {

    private final OrganisationDirectory directory;

    OrganisationResource(OrganisationDirectory directory) {
        this.directory = directory;
    }

    @Schema(description = "An organisation to create or replace. settings takes our names or the seed's "
            + "System.Customer... attribute names.")
    public record OrganisationRequest(
            @NotBlank @Schema(examples = "/Root/Moran") String path,
            String name,
            List<String> profileFields,
            Map<String, Object> settings) {
    }

    public record OrganisationView(UUID id, String path, String name, Set<String> profileFields,
            Map<String, Object> settings) {

        static OrganisationView of(Organisation org) {
            return new OrganisationView(org.id, org.path, org.name, org.profileFields,
                    SettingsReader.write(org.importSettings()));
        }
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create an organisation with its profile fields and import settings")
    @APIResponse(responseCode = "201", description = "The organisation")
    @APIResponse(responseCode = "400", description = "An invalid setting, named in 'attribute'")
    @APIResponse(responseCode = "409", description = "An organisation exists at that path")
    public Response create(@NotNull @Valid OrganisationRequest request) {
        Organisation org = directory.create(request.path(), request.name(), request.profileFields(),
                request.settings());
        return Response.created(URI.create("/api/orgs/" + org.id)).entity(OrganisationView.of(org)).build();
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "All organisations, or the one at a path")
    @APIResponse(responseCode = "200", description = "The organisations")
    public List<OrganisationView> find(@QueryParam("path") String path) {
        if (path != null && !path.isBlank()) {
            return directory.byPath(path).map(OrganisationView::of).map(List::of).orElse(List.of());
        }
        return directory.all().stream().map(OrganisationView::of).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "One organisation")
    @APIResponse(responseCode = "200", description = "The organisation")
    @APIResponse(responseCode = "404", description = "No such organisation")
    public OrganisationView get(@PathParam("id") UUID id) {
        return OrganisationView.of(directory.byId(id));
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace an organisation's name, profile fields and settings")
    @APIResponse(responseCode = "200", description = "The organisation")
    @APIResponse(responseCode = "400", description = "An invalid setting, named in 'attribute'")
    @APIResponse(responseCode = "404", description = "No such organisation")
    public OrganisationView update(@PathParam("id") UUID id, @NotNull @Valid OrganisationRequest request) {
        Organisation existing = directory.byId(id);
        if (!OrgPaths.normalise(request.path()).equalsIgnoreCase(existing.path)) {
            throw new InvalidSettingsException("path", "an organisation's path cannot change (it is "
                    + existing.path + ")");
        }
        return OrganisationView.of(directory.update(id, request.name(), request.profileFields(),
                request.settings()));
    }
}
