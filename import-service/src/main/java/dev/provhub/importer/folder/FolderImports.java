package dev.provhub.importer.folder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.provhub.importer.org.ImportSettings;
import dev.provhub.importer.org.Organisation;
import dev.provhub.importer.org.OrganisationDirectory;
import dev.provhub.importer.rules.ImportOptions;
import dev.provhub.importer.run.ImportIntake;
import dev.provhub.importer.run.ImportRun;
import dev.provhub.importer.run.ImportRunner;
import dev.provhub.importer.run.RunLedger;
import dev.provhub.outbox.OncePerSchedule;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * The background import (seed 001): every file in an organisation's import folder is imported (a zip is extracted
 * first), moved to the backup folder with a timestamp, and reported to the notification contacts by e-mail.
 * Backups older than the organisation's retention are deleted by a daily job. Both run once per schedule across
 * replicas.
 */
@ApplicationScoped
public class FolderImports {

    private static final Logger LOG = Logger.getLogger(FolderImports.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final OrganisationDirectory organisations;
    private final ImportIntake intake;
    private final ImportRunner runner;
    private final RunLedger ledger;
    private final ImportNotifier notifier;
    private final OncePerSchedule once;
    private final Duration settleTime;
    private final ImportOptions options;
    private final Clock clock = Clock.systemDefaultZone();

    FolderImports(OrganisationDirectory organisations, ImportIntake intake, ImportRunner runner, RunLedger ledger,
            ImportNotifier notifier, OncePerSchedule once,
            @ConfigProperty(name = "provhub.import.folder.settle-time", defaultValue = "10s") Duration settleTime,
            @ConfigProperty(name = "provhub.import.folder.update", defaultValue = "true") boolean update,
            @ConfigProperty(name = "provhub.import.folder.reactivate", defaultValue = "true") boolean reactivate) {
        this.organisations = organisations;
        this.intake = intake;
        this.runner = runner;
        this.ledger = ledger;
        this.notifier = notifier;
        this.once = once;
        this.settleTime = settleTime;
        this.options = new ImportOptions(update, reactivate, false, false);
    }

    @Scheduled(cron = "${provhub.import.folder.cron:0/30 * * * * ?}", identity = "folder-imports", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPoll(ScheduledExecution execution) {
        if (once.claim("folder-imports", execution.getScheduledFireTime())) {
            poll();
        }
    }

    @Scheduled(cron = "${provhub.import.backup-purge.cron:0 15 3 * * ?}", identity = "backup-purge", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledBackupPurge(ScheduledExecution execution) {
        if (once.claim("backup-purge", execution.getScheduledFireTime())) {
            purgeBackups();
        }
    }

    /** Imports every settled file of every organisation's import folder; returns the runs, oldest file first. */
    @ActivateRequestContext
    public List<ImportRun> poll() {
        var runs = new ArrayList<ImportRun>();
        for (Organisation org : QuarkusTransaction.requiringNew().call(organisations::all)) {
            ImportSettings settings = org.importSettings();
            if (settings.importFolder() == null) {
                continue;
            }
            for (Path file : settledFiles(Path.of(settings.importFolder()))) {
                runs.add(importFile(org, settings, file));
            }
        }
        return runs;
    }

    private ImportRun importFile(Organisation org, ImportSettings settings, Path file) {
        String name = file.getFileName().toString();
        ImportRun run = intake.accept(new ImportIntake.Request(org.path, name, options, "folder", null), file);
        try {
            // the original leaves the import folder before the run, so no replica picks it up twice
            backUp(file, Path.of(settings.backupFolder()));
        } catch (IOException e) {
            LOG.errorf(e, "Could not move %s to the backup folder of %s", file, org.path);
        }
        if (!run.status.finished()) {
            run = runner.run(run.id);
            ImportIntake.discardSpool(run);
        }
        notifier.notify(ledger.find(run.id), settings);
        return run;
    }

    private void backUp(Path file, Path backupFolder) throws IOException {
        Files.createDirectories(backupFolder);
        Path target = backupFolder.resolve(LocalDateTime.now(clock).format(STAMP) + "_" + file.getFileName());
        Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        // the retention counts from the import, not from when the customer made the file
        Files.setLastModifiedTime(target, FileTime.from(clock.instant()));
    }

    private List<Path> settledFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        Instant settledBefore = clock.instant().minus(settleTime);
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> lastModified(f).isBefore(settledBefore) || settleTime.isZero())
                    .sorted().toList();
        } catch (IOException e) {
            LOG.errorf(e, "Could not list the import folder %s", folder);
            return List.of();
        }
    }

    /** Deletes backups older than each organisation's retention; returns how many. */
    @ActivateRequestContext
    public int purgeBackups() {
        int deleted = 0;
        for (Organisation org : QuarkusTransaction.requiringNew().call(organisations::all)) {
            ImportSettings settings = org.importSettings();
            if (settings.backupFolder() == null || !Files.isDirectory(Path.of(settings.backupFolder()))) {
                continue;
            }
            Instant cutoff = clock.instant().minus(Duration.ofDays(settings.backupRetentionDays()));
            try (Stream<Path> files = Files.list(Path.of(settings.backupFolder()))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    if (lastModified(file).isBefore(cutoff)) {
                        Files.deleteIfExists(file);
                        deleted++;
                    }
                }
            } catch (IOException e) {
                LOG.errorf(e, "Could not clean the backup folder of %s", org.path);
            }
        }
        return deleted;
    }

    private static Instant lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.MAX;
        }
    }
}
