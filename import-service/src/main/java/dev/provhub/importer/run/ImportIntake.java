package dev.provhub.importer.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.provhub.importer.org.ImportSettings;
import dev.provhub.importer.org.Organisation;
import dev.provhub.importer.org.OrganisationDirectory;
import dev.provhub.importer.rules.ImportOptions;
import dev.provhub.intake.zip.ArchiveException;
import dev.provhub.intake.zip.ZipExtractor;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Takes a file in (REST body, dropped file, command), spools it, unpacks a zip (with the organisation's password
 * and the extraction limits), and records a run. A file that cannot be taken in is recorded as a failed run with
 * the reason, so every attempt shows up in the reports.
 */
@ApplicationScoped
public class ImportIntake {

    private static final byte[] ZIP_MAGIC = { 'P', 'K', 3, 4 };

    private final OrganisationDirectory organisations;
    private final RunLedger ledger;
    private final Config config;
    private final Path spool;
    private final long maxFileBytes;

    ImportIntake(OrganisationDirectory organisations, RunLedger ledger, Config config,
            @ConfigProperty(name = "provhub.import.spool-dir") Optional<String> spoolDir,
            @ConfigProperty(name = "provhub.import.max-file-bytes", defaultValue = "2147483648") long maxFileBytes) {
        this.organisations = organisations;
        this.ledger = ledger;
        this.config = config;
        this.spool = Path.of(spoolDir.orElse(System.getProperty("java.io.tmpdir") + "/provhub-import-spool"));
        this.maxFileBytes = maxFileBytes;
    }

    /** What asked for the run, for the report: {@code rest}, {@code folder} or {@code command}. */
    public record Request(String orgPath, String fileName, ImportOptions options, String source,
            String requestedBy) {
    }

    /** Spools {@code body} and records a queued run (or a failed one, when the file cannot be taken in). */
    public ImportRun accept(Request request, InputStream body) {
        Organisation org = QuarkusTransaction.requiringNew().call(() -> organisations.requirePath(request.orgPath()));
        ImportRun run = newRun(request, org);
        Path upload = spool.resolve(run.id + ".upload");
        try {
            Files.createDirectories(spool);
            copyLimited(body, upload);
            return ledger.create(prepare(run, org.importSettings(), upload));
        } catch (RejectedFile e) {
            return failed(run, e.getMessage());
        } catch (IOException e) {
            return failed(run, "the file could not be received: " + e.getMessage());
        } finally {
            deleteQuietly(upload);
        }
    }

    /** Takes a file that is already on disk (the watched folder, the command); the original is left in place. */
    public ImportRun accept(Request request, Path file) {
        Organisation org = QuarkusTransaction.requiringNew().call(() -> organisations.requirePath(request.orgPath()));
        ImportRun run = newRun(request, org);
        try {
            return ledger.create(prepare(run, org.importSettings(), file));
        } catch (RejectedFile e) {
            return failed(run, e.getMessage());
        } catch (IOException e) {
            return failed(run, "the file could not be read: " + e.getMessage());
        }
    }

    private ImportRun prepare(ImportRun run, ImportSettings settings, Path received) throws IOException {
        Files.createDirectories(spool);
        Path csv = spool.resolve(run.id + ".csv");
        if (!isZip(received)) {
            Files.copy(received, csv, StandardCopyOption.REPLACE_EXISTING);
            run.spoolFile = csv.toString();
            return run;
        }
        Path unpacked = spool.resolve(run.id + ".unpacked");
        try {
            List<Path> files = new ZipExtractor().extract(received, zipPassword(settings), unpacked);
            List<Path> csvFiles = files.stream()
                    .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")).toList();
            if (csvFiles.size() != 1) {
                throw new RejectedFile("the zip holds " + csvFiles.size() + " CSV files; exactly one is expected");
            }
            Files.move(csvFiles.get(0), csv, StandardCopyOption.REPLACE_EXISTING);
            run.fileName = run.fileName + "!" + csvFiles.get(0).getFileName();
            run.spoolFile = csv.toString();
            return run;
        } catch (ArchiveException e) {
            throw new RejectedFile(e.getMessage());
        } finally {
            deleteTree(unpacked);
        }
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

    private ImportRun newRun(Request request, Organisation org) {
        var run = new ImportRun();
        run.id = UUID.randomUUID();
        run.orgId = org.id;
        run.orgPath = org.path;
        run.source = request.source();
        run.fileName = request.fileName();
        run.dryRun = request.options().dryRun();
        run.allowUpdate = request.options().update();
        run.allowReactivate = request.options().reactivate();
        run.forced = request.options().force();
        run.requestedBy = request.requestedBy();
        return run;
    }

    private ImportRun failed(ImportRun run, String reason) {
        ledger.create(run);
        ledger.finish(run.id, RunStatus.FAILED, 0, java.util.Map.of(), reason);
        return ledger.find(run.id);
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

    /** Deletes a finished run's spool file. */
    public static void discardSpool(ImportRun run) {
        if (run.spoolFile != null) {
            deleteQuietly(Path.of(run.spoolFile));
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale spool file is harmless; the next start-up does not read it
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
