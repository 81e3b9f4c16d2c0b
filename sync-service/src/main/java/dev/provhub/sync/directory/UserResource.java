package dev.provhub.sync.directory;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.provhub.httpapi.Roles;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/** The application's users, as the syncs keep them. */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    private final Memberships memberships;

    UserResource(Memberships memberships) {
        this.memberships = memberships;
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "Users, by user name or Entra object id, a page at a time")
    @APIResponse(responseCode = "200", description = "The users")
    @Transactional
    public List<DirectoryViews.UserView> list(@QueryParam("userName") String userName,
            @QueryParam("graphId") String graphId, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("100") int size) {
        var query = userName != null ? AppUser.<AppUser> find("lower(userName) = lower(?1)", Sort.by("userName"),
                userName)
                : graphId != null ? AppUser.<AppUser> find("graphId", Sort.by("userName"), graphId)
                        : AppUser.<AppUser> findAll(Sort.by("userName"));
        List<AppUser> users = query.page(Page.of(Math.max(0, page), Math.max(1, Math.min(1000, size)))).list();
        Map<UUID, List<String>> groups = memberships.groupNames(users.stream().map(u -> u.id).toList());
        return users.stream().map(u -> DirectoryViews.UserView.of(u, groups.get(u.id))).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "A user with its groups")
    @APIResponse(responseCode = "200", description = "The user")
    @APIResponse(responseCode = "404", description = "No such user")
    @Transactional
    public DirectoryViews.UserView get(@PathParam("id") UUID id) {
        AppUser user = AppUser.<AppUser> findByIdOptional(id).orElseThrow(() -> new DirectoryExceptions.NotFound(
                "no user " + id));
        return DirectoryViews.UserView.of(user, memberships.groupNames(List.of(id)).get(id));
    }
}
