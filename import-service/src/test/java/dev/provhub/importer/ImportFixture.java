package dev.provhub.importer;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import dev.provhub.events.UserChangedEvent;
import dev.provhub.events.UserChangedEventJson;
import dev.provhub.importer.org.Organisation;
import dev.provhub.importer.org.OrganisationDirectory;
import dev.provhub.importer.rules.ImportOptions;
import dev.provhub.importer.run.ImportIntake;
import dev.provhub.importer.run.ImportRunView;
import dev.provhub.importer.run.ImportRuns;
import dev.provhub.importer.run.RowReport;
import dev.provhub.importer.user.DirectoryUser;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Organisations, imports and observations for tests; imports run synchronously here (or are awaited). */
@ApplicationScoped
public class ImportFixture {

    public static final ImportOptions UPDATE = new ImportOptions(true, false, false, false);
    public static final ImportOptions UPDATE_REACTIVATE = new ImportOptions(true, true, false, false);
    public static final ImportOptions DRY_RUN = new ImportOptions(true, true, true, false);

    @Inject
    OrganisationDirectory organisations;

    @Inject
    ImportIntake intake;

    @Inject
    ImportRuns imports;

    @Inject
    EntityManager em;

    /** A new organisation under a unique root, so tests never see each other's users. */
    public Organisation org(String name, Map<String, Object> settings, String... profileFields) {
        String path = "/T" + UUID.randomUUID().toString().substring(0, 8) + "/" + name;
        return organisations.create(path, null, Arrays.asList(profileFields), settings);
    }

    public Organisation sibling(Organisation of, String name, Map<String, Object> settings,
            String... profileFields) {
        String root = of.path.substring(0, of.path.indexOf('/', 1));
        return organisations.create(root + "/" + name, null, Arrays.asList(profileFields), settings);
    }

    public ImportRunView importCsv(Organisation org, String csv, ImportOptions options) {
        return importBytes(org, csv.getBytes(StandardCharsets.UTF_8), options);
    }

    public ImportRunView importCsv(Organisation org, String csv, Charset charset, ImportOptions options) {
        return importBytes(org, csv.getBytes(charset), options);
    }

    public ImportRunView importBytes(Organisation org, byte[] content, ImportOptions options) {
        try {
            Path file = Files.createTempFile("import", ".csv");
            try {
                Files.write(file, content);
                return importFile(org, file, options);
            } finally {
                // the run keeps its own copy (an artefact); this one would be left in the temporary folder
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public ImportRunView importFile(Organisation org, Path file, ImportOptions options) {
        UUID runId = intake.accept(new ImportIntake.Request(org.path, file.getFileName().toString(), options,
                "test", "test"), file);
        return imports.find(runId).status().finished() ? imports.find(runId) : imports.runHere(runId);
    }

    /** Waits until the run has finished (on whichever replica runs it) and returns it. */
    public ImportRunView finished(UUID runId) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (!imports.find(runId).status().finished()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("import " + runId + " did not finish within 60 s: " + imports.find(runId).status());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return imports.find(runId);
    }

    public List<RowReport> reports(ImportRunView run) {
        return imports.reports(run.id());
    }

    public DirectoryUser user(String userName) {
        return QuarkusTransaction.requiringNew().call(() -> em
                .createQuery("from DirectoryUser where userName = :n", DirectoryUser.class)
                .setParameter("n", userName).getResultStream().findFirst().orElse(null));
    }

    public List<DirectoryUser> usersOf(Organisation org) {
        return QuarkusTransaction.requiringNew().call(() -> em
                .createQuery("from DirectoryUser where homeOrgId = :org order by userName", DirectoryUser.class)
                .setParameter("org", org.id).getResultList());
    }

    public DirectoryUser byRecordUid(String recordUid) {
        return QuarkusTransaction.requiringNew().call(() -> em
                .createQuery("from DirectoryUser where recordUid = :r", DirectoryUser.class)
                .setParameter("r", recordUid).getResultStream().findFirst().orElse(null));
    }

    /** The events written for these users, in order. */
    public List<UserChangedEvent> events(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        List<String> keys = userIds.stream().map(UUID::toString).toList();
        List<String> payloads = QuarkusTransaction.requiringNew().call(() -> em
                .createQuery("select e.payload from OutboxEvent e where e.messageKey in :keys order by e.seq",
                        String.class)
                .setParameter("keys", keys).getResultList());
        var events = new ArrayList<UserChangedEvent>();
        payloads.forEach(p -> events.add(UserChangedEventJson.read(p)));
        return events;
    }

    public List<UserChangedEvent> eventsOf(Organisation org) {
        return events(usersOf(org).stream().map(u -> u.id).toList());
    }

    public long outboxSize() {
        return QuarkusTransaction.requiringNew()
                .call(() -> em.createQuery("select count(e) from OutboxEvent e", Long.class).getSingleResult());
    }

    public Organisation reload(Organisation org) {
        return QuarkusTransaction.requiringNew().call(() -> organisations.byId(org.id));
    }
}
