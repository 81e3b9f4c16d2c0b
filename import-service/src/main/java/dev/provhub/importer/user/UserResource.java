package dev.provhub.importer.user;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.provhub.httpapi.Roles;
import dev.provhub.importer.org.OrganisationDirectory;

/** The user directory, read-only. Password hashes never leave the service. */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
public class UserResource {

    private final EntityManager em;
    private final OrgPathLookup orgPaths;
    private final OrganisationDirectory organisations;

    UserResource(EntityManager em, OrgPathLookup orgPaths, OrganisationDirectory organisations) {
        this.em = em;
        this.orgPaths = orgPaths;
        this.organisations = organisations;
    }

    public record UserView(UUID id, String userName, String orgLoginId, String email, String contactEmail,
            String firstName, String lastName, boolean active, boolean deleted, boolean limbo, LocalDate purgeAt,
            String recordUid, String sourceUid, List<String> orgs, Map<String, String> profile,
            boolean canViewReports, boolean forcePasswordChange, boolean hasPassword, boolean passwordExpired,
            long version, Instant createdAt, Instant updatedAt) {
    }

    public record UserPage(int page, int size, long total, List<UserView> users) {
    }

    @GET
    @Operation(summary = "Users by login, OrgLoginID, e-mail, RecordUID or organisation, a page at a time")
    @APIResponse(responseCode = "200", description = "A page of users (never a password hash)")
    public UserPage find(@QueryParam("loginId") String loginId, @QueryParam("orgLoginId") String orgLoginId,
            @QueryParam("email") String email, @QueryParam("recordUid") String recordUid,
            @QueryParam("org") String org, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        int pageSize = Math.max(1, Math.min(size, 500));
        var where = new StringBuilder(" where 1 = 1");
        if (loginId != null) {
            where.append(" and lower(u.userName) = lower(:loginId)");
        }
        if (orgLoginId != null) {
            where.append(" and lower(u.orgLoginId) = lower(:orgLoginId)");
        }
        if (email != null) {
            where.append(" and lower(u.email) = lower(:email)");
        }
        if (recordUid != null) {
            where.append(" and u.recordUid = :recordUid");
        }
        UUID orgId = org == null ? null : organisations.requirePath(org).id;
        if (orgId != null) {
            where.append(" and :orgId member of u.orgIds");
        }
        TypedQuery<DirectoryUser> query = em.createQuery("select u from DirectoryUser u" + where
                + " order by lower(u.userName)", DirectoryUser.class);
        TypedQuery<Long> count = em.createQuery("select count(u) from DirectoryUser u" + where, Long.class);
        for (TypedQuery<?> q : List.of(query, count)) {
            if (loginId != null) {
                q.setParameter("loginId", loginId);
            }
            if (orgLoginId != null) {
                q.setParameter("orgLoginId", orgLoginId);
            }
            if (email != null) {
                q.setParameter("email", email);
            }
            if (recordUid != null) {
                q.setParameter("recordUid", recordUid);
            }
            if (orgId != null) {
                q.setParameter("orgId", orgId);
            }
        }
        // in long: page * size overflows an int for a page far past the end, which then holds no users
        int offset = (int) Math.min((long) Math.max(0, page) * pageSize, Integer.MAX_VALUE);
        List<UserView> users = query.setFirstResult(offset).setMaxResults(pageSize)
                .getResultList().stream().map(this::view).toList();
        return new UserPage(page, pageSize, count.getSingleResult(), users);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One user")
    @APIResponse(responseCode = "200", description = "The user")
    @APIResponse(responseCode = "404", description = "No such user")
    public UserView get(@PathParam("id") UUID id) {
        DirectoryUser user = em.find(DirectoryUser.class, id);
        if (user == null) {
            throw new NotFoundException("no user " + id);
        }
        return view(user);
    }

    private UserView view(DirectoryUser u) {
        return new UserView(u.id, u.userName, u.orgLoginId, u.email, u.contactEmail, u.firstName, u.lastName,
                u.active, u.deleted, u.limbo, u.purgeAt, u.recordUid, u.sourceUid, orgPaths.paths(u.orgIds),
                new java.util.TreeMap<>(u.profile), u.canViewReports, u.forcePasswordChange, u.passwordHash != null,
                u.passwordExpired, u.version, u.createdAt, u.updatedAt);
    }
}
