package dev.provhub.importer.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

import dev.provhub.importer.config.ImportConfig;
import dev.provhub.importer.org.ImportSettings;
import dev.provhub.importer.org.Organisation;
import dev.provhub.importer.org.OrganisationDirectory;
import dev.provhub.importer.rules.ImportOptions;
import dev.provhub.intake.zip.ArchiveException;
import dev.provhub.intake.zip.ZipExtractor;
import dev.provhub.runs.NewRun;
import dev.provhub.runs.RunArtefacts;
import dev.provhub.runs.Runs;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Takes a file in (REST body, dropped file, command), unpacks a zip (with the organisation's password and the
 * extraction limits), and queues a run with the CSV as its artefact, in one transaction: any replica can then run
 * it, and a crash never leaves a run without its file. A file that cannot be taken in is recorded as a failed run
 * with the reason, so every attempt shows up in the reports.
 */
@ApplicationScoped
public class ImportIntake {

    public static final String KIND = "import";
    private static final byte[] ZIP_MAGIC = { 'P', 'K', 3, 4 };
    private static final int STORE_TIMEOUT_SECONDS = 3600;

    private final OrganisationDirectory organisations;
    private final Runs runs;
    private final RunArtefacts artefacts;
    private final Config config;
    private final Path scratch;
    private final long maxFileBytes;

    ImportIntake(OrganisationDirectory organisations, Runs runs, RunArtefacts artefacts, Config config,
            ImportConfig importConfig) {
        this.organisations = organisations;
        this.runs = runs;
        this.artefacts = artefacts;
        this.config = config;
        this.scratch = Path.of(importConfig.spoolDir()
                .orElse(System.getProperty("java.io.tmpdir") + "/provhub-import-spool"));
        this.maxFileBytes = importConfig.maxFileBytes();
    }

    /** What asked for the run, for the report: {@code rest}, {@code folder} or {@code command}. */
    public record Request(String orgPath, String fileName, ImportOptions options, String source,
            String requestedBy) {
    }

    /** Receives {@code body} and queues a run (or records a failed one, when the file cannot be taken in). */
    public UUID accept(Request request, InputStream body) {
        Organisation org = QuarkusTransaction.requiringNew().call(() -> organisations.requirePath(request.orgPath()));
        UUID runId = UUID.randomUUID();
        Path upload = scratch.resolve(runId + ".upload");
        try {
            Files.createDirectories(scratch);
            copyLimited(body, upload);
            return take(runId, request, org, upload);
        } catch (IOException e) {
            return failed(runId, request, org, "the file could not be received: " + e.getMessage());
        } finally {
            deleteQuietly(upload);
        }
    }

    /** Takes a file that is already on disk (the watched folder, the command); the original is left in place. */
    public UUID accept(Request request, Path file) {
        Organisation org = QuarkusTransaction.requiringNew().call(() -> organisations.requirePath(request.orgPath()));
        return take(UUID.randomUUID(), request, org, file);
    }

    private UUID take(UUID runId, Request request, Organisation org, Path received) {
        Path unpacked = scratch.resolve(runId + ".unpacked");
        try {
            Files.createDirectories(scratch);
            String fileName = request.fileName();
            Path csv = received;
            if (isZip(received)) {
                csv = onlyCsv(new ZipExtractor().extract(received, zipPassword(org.importSettings()), unpacked));
                fileName = fileName + "!" + csv.getFileName();
            }
            String name = fileName;
            Path input = csv;
            // a large file takes a while to store in chunks: the default transaction timeout (60 s) is too short
            QuarkusTransaction.requiringNew().timeout(STORE_TIMEOUT_SECONDS).run(() -> {
                runs.enqueue(spec(runId, request, org));
                details(runId, request, org, name).persist();
                artefacts.store(runId, ImportRun.INPUT, "text/csv", input);
            });
            return runId;
        } catch (RejectedFile e) {
            return failed(runId, request, org, e.getMessage());
        } catch (ArchiveException e) {
            return failed(runId, request, org, e.getMessage());
        } catch (IOException e) {
            return failed(runId, request, org, "the file could not be read: " + e.getMessage());
        } finally {
            deleteTree(unpacked);
        }
    }

    private static Path onlyCsv(List<Path> files) throws RejectedFile {
        List<Path> csvFiles = files.stream()
                .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")).toList();
        if (csvFiles.size() != 1) {
            throw new RejectedFile("the zip holds " + csvFiles.size() + " CSV files; exactly one is expected");
        }
        return csvFiles.get(0);
    }

    private char[] zipPassword(ImportSettings settings) throws RejectedFile {
        if (settings.zipPasswordSecret() == null) {
            return null;
        }
        return config.getOptionalValue(settings.zipPasswordSecret(), String.class)
                .map(String::toCharArray)
                .orElseThrow(() -> new RejectedFile("the zip password setting '" + settings.zipPasswordSecret()
                        + "' is not configured"));
    }

    private static NewRun spec(UUID runId, Request request, Organisation org) {
        return new NewRun(runId, KIND, org.id.toString(), request.source(), request.requestedBy(),
                request.options().dryRun());
    }

    private static ImportRun details(UUID runId, Request request, Organisation org, String fileName) {
        var details = new ImportRun();
        details.runId = runId;
        details.orgId = org.id;
        details.orgPath = org.path;
        details.fileName = fileName;
        details.allowUpdate = request.options().update();
        details.allowReactivate = request.options().reactivate();
        details.forced = request.options().force();
        return details;
    }

    private UUID failed(UUID runId, Request request, Organisation org, String reason) {
        QuarkusTransaction.requiringNew().run(() -> {
            runs.recordFailed(spec(runId, request, org), reason);
            details(runId, request, org, request.fileName()).persist();
        });
        return runId;
    }

    private void copyLimited(InputStream body, Path target) throws IOException {
        try (var out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = body.read(buffer)) > 0) {
                total += n;
                if (total > maxFileBytes) {
                    throw new IOException("larger than the limit of " + maxFileBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private static boolean isZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return java.util.Arrays.equals(head, ZIP_MAGIC);
        }
    }

    /** A scratch folder on this process's disk for a run's working copy of its file. */
    Path scratch() {
        return scratch;
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale scratch file costs disk only; nothing reads it again
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(ImportIntake::deleteQuietly);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The received file is refused before a run can start; recorded as a failed run. */
    static final class RejectedFile extends IOException {
        RejectedFile(String reason) {
            super(reason);
        }
    }
}
