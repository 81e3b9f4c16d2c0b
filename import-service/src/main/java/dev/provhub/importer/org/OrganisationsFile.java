package dev.provhub.importer.org;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.provhub.importer.config.ImportConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * The declarative configuration: a JSON file (e.g. from a Kubernetes ConfigMap) named by
 * {@code provhub.import.organisations-file}, applied at start-up. Each organisation in it is created or replaced;
 * organisations not in it are left alone. A file with an invalid organisation stops the start-up with a message
 * naming the organisation and the attribute, rather than running half-configured.
 *
 * <pre>
 * {"organisations": [{"path": "/Root/Moran", "profileFields": ["Vessel"],
 *                     "settings": {"System.Customer.UserImportFilePath": "/data/moran/in", ...}}]}
 * </pre>
 */
@ApplicationScoped
public class OrganisationsFile {

    private static final Logger LOG = Logger.getLogger(OrganisationsFile.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final OrganisationDirectory directory;
    private final EntityManager em;
    private final Optional<String> file;

    OrganisationsFile(OrganisationDirectory directory, EntityManager em, ImportConfig config) {
        this.directory = directory;
        this.em = em;
        this.file = config.organisationsFile();
    }

    record Entry(String path, String name, List<String> profileFields, Map<String, Object> settings) {
    }

    record Content(List<Entry> organisations) {
    }

    void onStart(@Observes StartupEvent startup) {
        file.filter(f -> !f.isBlank()).map(Path::of).ifPresent(this::apply);
    }

    /** Applies the file; returns how many organisations it configured. */
    public int apply(Path path) {
        Content content;
        try {
            content = JSON.readValue(Files.readAllBytes(path), Content.class);
        } catch (IOException e) {
            throw new IllegalStateException("the organisations file " + path + " cannot be read: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        List<Entry> entries = content.organisations() == null ? List.of() : content.organisations();
        // one transaction, so that an invalid organisation leaves the directory as it was; replicas starting at
        // once take turns (each finds what the one before created) instead of creating the same organisations
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("select count(*) from pg_advisory_xact_lock(hashtext(?1))")
                    .setParameter(1, "provhub.import.organisations-file").getSingleResult();
            for (Entry entry : entries) {
                try {
                    directory.apply(entry.path(), entry.name(), entry.profileFields(), entry.settings());
                } catch (InvalidSettingsException | IllegalArgumentException e) {
                    throw new IllegalStateException("the organisations file " + path + " is invalid at "
                            + entry.path() + ": " + e.getMessage(), e);
                }
            }
        });
        LOG.infof("Applied %d organisations from %s", entries.size(), path);
        return entries.size();
    }
}
