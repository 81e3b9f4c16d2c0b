package dev.provhub.sync.directory;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.provhub.httpapi.Roles;

/** The application's groups and their members; memberships made by hand are managed here. */
@Path("/api/groups")
@Produces(MediaType.APPLICATION_JSON)
public class GroupResource {

    private final EntityManager em;
    private final ManualMemberships manual;

    GroupResource(EntityManager em, ManualMemberships manual) {
        this.em = em;
        this.manual = manual;
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "Every group, with its member count")
    @APIResponse(responseCode = "200", description = "The groups")
    @Transactional
    @SuppressWarnings("unchecked")
    public List<DirectoryViews.GroupView> list() {
        List<Object[]> rows = em.createNativeQuery("select g.id, g.name, g.created_by_sync, g.graph_group_id, "
                + "(select count(distinct m.user_id) from membership m where m.group_id = g.id), g.created_at "
                + "from app_group g order by lower(g.name)").getResultList();
        return rows.stream().map(r -> new DirectoryViews.GroupView((UUID) r[0], (String) r[1], (Boolean) r[2],
                (String) r[3], ((Number) r[4]).longValue(), (Instant) r[5])).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create a group by hand", description = "Syncs without -a sync only into groups that exist.")
    @APIResponse(responseCode = "201", description = "The group")
    @APIResponse(responseCode = "409", description = "A group of that name exists")
    @Transactional
    public Response create(@Valid @NotNull DirectoryViews.NewGroup request) {
        if (AppGroup.byName(request.name().trim()).isPresent()) {
            throw new DirectoryExceptions.DuplicateGroup(request.name().trim());
        }
        var group = new AppGroup();
        group.id = UUID.randomUUID();
        group.name = request.name().trim();
        group.createdAt = Instant.now();
        group.persist();
        return Response.created(URI.create("/api/groups/" + group.name)).entity(new DirectoryViews.GroupView(group.id,
                group.name, false, null, 0, group.createdAt)).build();
    }

    @GET
    @Path("/{name}/members")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "A group's members, each with who wants the membership (manual, or the sync's sources)")
    @APIResponse(responseCode = "200", description = "The members")
    @APIResponse(responseCode = "404", description = "No such group")
    @Transactional
    @SuppressWarnings("unchecked")
    public List<DirectoryViews.MemberView> members(@PathParam("name") String name) {
        AppGroup group = AppGroup.byName(name).orElseThrow(() -> new DirectoryExceptions.NotFound("no group named '"
                + name + "'"));
        List<Object[]> rows = em.createNativeQuery("select u.id, u.user_name, m.source from membership m "
                + "join app_user u on u.id = m.user_id where m.group_id = ?1 order by lower(u.user_name), m.source")
                .setParameter(1, group.id).getResultList();
        var members = new LinkedHashMap<UUID, List<String>>();
        var names = new LinkedHashMap<UUID, String>();
        for (Object[] row : rows) {
            members.computeIfAbsent((UUID) row[0], id -> new ArrayList<>()).add((String) row[2]);
            names.put((UUID) row[0], (String) row[1]);
        }
        var views = new ArrayList<DirectoryViews.MemberView>();
        for (Map.Entry<UUID, List<String>> member : members.entrySet()) {
            List<String> sources = member.getValue();
            views.add(new DirectoryViews.MemberView(member.getKey(), names.get(member.getKey()),
                    sources.stream().anyMatch(MembershipSource::isManaged), sources.contains(MembershipSource.MANUAL),
                    sources));
        }
        return views;
    }

    @PUT
    @Path("/{name}/members/{userName}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a user to a group by hand", description = "A manual membership: no sync removes it.")
    @APIResponse(responseCode = "204", description = "The user is a member by hand")
    @APIResponse(responseCode = "404", description = "No such group or user")
    public Response addMember(@PathParam("name") String name, @PathParam("userName") String userName) {
        manual.add(name, userName);
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{name}/members/{userName}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Remove a membership made by hand")
    @APIResponse(responseCode = "204", description = "Removed (the user stays a member if a sync wants it)")
    @APIResponse(responseCode = "404", description = "No such group, user or membership")
    @APIResponse(responseCode = "409", description = "Only the sync wants the membership; it removes it itself")
    public Response removeMember(@PathParam("name") String name, @PathParam("userName") String userName) {
        manual.remove(name, userName);
        return Response.noContent().build();
    }
}
