package dev.provhub.importer.user;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.provhub.importer.org.Organisation;

/** Organisation paths by id, for events. Paths never change once created, so they are cached. */
@ApplicationScoped
public class OrgPathLookup {

    private final EntityManager em;
    private final Map<UUID, String> cache = new ConcurrentHashMap<>();

    OrgPathLookup(EntityManager em) {
        this.em = em;
    }

    public List<String> paths(Collection<UUID> orgIds) {
        return orgIds.stream().map(this::path).sorted(String.CASE_INSENSITIVE_ORDER).toList();
    }

    public String path(UUID orgId) {
        String cached = cache.get(orgId);
        if (cached != null) {
            return cached;
        }
        // find() also sees an organisation created in the current, not yet flushed transaction (e.g. a limbo)
        Organisation org = em.find(Organisation.class, orgId);
        if (org == null) {
            throw new IllegalStateException("no organisation " + orgId);
        }
        cache.put(orgId, org.path);
        return org.path;
    }
}
