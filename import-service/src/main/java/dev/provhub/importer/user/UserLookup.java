package dev.provhub.importer.user;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** Finds existing users by the keys an import row may carry. */
@ApplicationScoped
public class UserLookup {

    private final EntityManager em;

    UserLookup(EntityManager em) {
        this.em = em;
    }

    public Optional<DirectoryUser> byId(UUID id) {
        return Optional.ofNullable(em.find(DirectoryUser.class, id));
    }

    public Optional<DirectoryUser> byUserName(String userName) {
        return em.createQuery("from DirectoryUser where lower(userName) = lower(:name)", DirectoryUser.class)
                .setParameter("name", userName).getResultStream().findFirst();
    }

    /** OrgLoginIDs are the organisation's own: they are looked up among the users it created, deleted ones too. */
    public Optional<DirectoryUser> byOrgLoginId(UUID homeOrgId, String orgLoginId) {
        return em.createQuery("from DirectoryUser where homeOrgId = :org and lower(orgLoginId) = lower(:id) "
                + "order by deleted, createdAt", DirectoryUser.class)
                .setParameter("org", homeOrgId).setParameter("id", orgLoginId)
                .setMaxResults(1).getResultStream().findFirst();
    }

    /** Users that are not deleted come first; a deleted user is found only if its e-mail was preserved. */
    public Optional<DirectoryUser> byEmail(String email) {
        return em.createQuery("from DirectoryUser where lower(email) = lower(:email) order by deleted, createdAt",
                DirectoryUser.class)
                .setParameter("email", email).setMaxResults(1).getResultStream().findFirst();
    }

    public Optional<DirectoryUser> byRecordUid(String recordUid) {
        return em.createQuery("from DirectoryUser where recordUid = :uid", DirectoryUser.class)
                .setParameter("uid", recordUid).getResultStream().findFirst();
    }
}
