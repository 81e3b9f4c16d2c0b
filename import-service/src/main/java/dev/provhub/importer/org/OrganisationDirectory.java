package dev.provhub.importer.org;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.provhub.importer.rules.ImportIntegrations;

/** Creates, finds and configures organisations. Parents of a new path are created as plain organisations. */
@ApplicationScoped
public class OrganisationDirectory {

    private final EntityManager em;
    private final ImportIntegrations integrations;

    OrganisationDirectory(EntityManager em, ImportIntegrations integrations) {
        this.em = em;
        this.integrations = integrations;
    }

    public Optional<Organisation> byPath(String path) {
        String normalised = OrgPaths.normalise(path);
        return em.createQuery("from Organisation where lower(path) = lower(:path)", Organisation.class)
                .setParameter("path", normalised)
                .getResultStream().findFirst();
    }

    public Organisation byId(UUID id) {
        Organisation org = em.find(Organisation.class, id);
        if (org == null) {
            throw new OrganisationNotFoundException(id.toString());
        }
        return org;
    }

    public Organisation requirePath(String path) {
        return byPath(path).orElseThrow(() -> new OrganisationNotFoundException("at " + path));
    }

    public List<Organisation> all() {
        return em.createQuery("from Organisation order by lower(path)", Organisation.class).getResultList();
    }

    /**
     * Creates the organisation at {@code path} (and any missing parent) with the given fields and settings.
     *
     * @throws DuplicateOrganisationException when it exists
     */
    @Transactional
    public Organisation create(String path, String name, Collection<String> profileFields,
            Map<String, Object> settings) {
        String normalised = OrgPaths.normalise(path);
        if (byPath(normalised).isPresent()) {
            throw new DuplicateOrganisationException(normalised);
        }
        ImportSettings parsed = validated(normalised, settings);
        UUID parentId = null;
        String parentPath = OrgPaths.parent(normalised);
        if (parentPath != null) {
            parentId = byPath(parentPath).orElseGet(() -> create(parentPath, null, List.of(), Map.of())).id;
        }
        var org = new Organisation();
        org.id = UUID.randomUUID();
        org.path = normalised;
        org.name = name == null || name.isBlank() ? OrgPaths.name(normalised) : name.trim();
        org.parentId = parentId;
        org.settings = SettingsReader.write(parsed);
        org.profileFields = distinctFields(profileFields);
        org.createdAt = Instant.now();
        org.updatedAt = org.createdAt;
        em.persist(org);
        return org;
    }

    /** Replaces the organisation's name, profile fields and settings. */
    @Transactional
    public Organisation update(UUID id, String name, Collection<String> profileFields, Map<String, Object> settings) {
        Organisation org = byId(id);
        ImportSettings parsed = validated(org.path, settings);
        if (name != null && !name.isBlank()) {
            org.name = name.trim();
        }
        if (profileFields != null) {
            org.profileFields.clear();
            org.profileFields.addAll(distinctFields(profileFields));
        }
        org.settings = SettingsReader.write(parsed);
        org.updatedAt = Instant.now();
        return org;
    }

    /** Creates or replaces an organisation, for the declarative configuration file. */
    @Transactional
    public Organisation apply(String path, String name, Collection<String> profileFields,
            Map<String, Object> settings) {
        Optional<Organisation> existing = byPath(path);
        if (existing.isPresent()) {
            return update(existing.get().id, name, profileFields, settings);
        }
        return create(path, name, profileFields, settings);
    }

    /** The limbo organisation for {@code org}'s root, created when missing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Organisation limboFor(Organisation org) {
        String limboPath = OrgPaths.root(org.path) + "/" + org.importSettings().limboOrg();
        return byPath(limboPath).orElseGet(() -> create(limboPath, null, List.of(), Map.of()));
    }

    private ImportSettings validated(String path, Map<String, Object> settings) {
        ImportSettings parsed = SettingsReader.read(settings);
        SettingsValidator.validate(path, parsed, integrations.names());
        return parsed;
    }

    private static Set<String> distinctFields(Collection<String> fields) {
        Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        Set<String> result = new LinkedHashSet<>();
        if (fields != null) {
            for (String field : fields) {
                if (field == null || field.isBlank()) {
                    throw new InvalidSettingsException("profileFields", "names must not be blank");
                }
                if (seen.add(field.trim())) {
                    result.add(field.trim());
                }
            }
        }
        return result;
    }
}
