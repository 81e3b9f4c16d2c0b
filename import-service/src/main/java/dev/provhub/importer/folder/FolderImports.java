package dev.provhub.importer.folder;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.provhub.importer.config.ImportConfig;
import dev.provhub.importer.org.ImportSettings;
import dev.provhub.importer.org.Organisation;
import dev.provhub.importer.org.OrganisationDirectory;
import dev.provhub.importer.rules.ImportOptions;
import dev.provhub.importer.run.ImportIntake;
import dev.provhub.importer.run.ImportRuns;
import dev.provhub.runs.OncePerSchedule;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * The background import (seed 001): every file in an organisation's import folder is moved to the backup folder
 * with a timestamp and imported (a zip is extracted first) by whichever replica is free; the run reports to the
 * notification contacts by e-mail. Backups older than the organisation's retention are deleted by a daily job.
 * Both run once per schedule across replicas, and a poll that outlasts its interval is never overlapped.
 */
@ApplicationScoped
public class FolderImports {

    private static final Logger LOG = Logger.getLogger(FolderImports.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final OrganisationDirectory organisations;
    private final ImportIntake intake;
    private final ImportRuns imports;
    private final ImportNotifier notifier;
    private final OncePerSchedule once;
    private final Duration settleTime;
    private final ImportOptions options;
    private final Clock clock = Clock.systemDefaultZone();

    FolderImports(OrganisationDirectory organisations, ImportIntake intake, ImportRuns imports,
            ImportNotifier notifier, OncePerSchedule once,
            ImportConfig config) {
        this.organisations = organisations;
        this.intake = intake;
        this.imports = imports;
        this.notifier = notifier;
        this.once = once;
        this.settleTime = config.folder().settleTime();
        this.options = new ImportOptions(config.folder().update(), config.folder().reactivate(), false, false);
    }

    @Scheduled(cron = "${provhub.import.folder.cron}", identity = "folder-imports", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPoll(ScheduledExecution execution) {
        once.run("folder-imports", execution.getScheduledFireTime(), this::poll);
    }

    @Scheduled(cron = "${provhub.import.backup-purge.cron}", identity = "backup-purge", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledBackupPurge(ScheduledExecution execution) {
        once.run("backup-purge", execution.getScheduledFireTime(), this::purgeBackups);
    }

    /**
     * Queues an import of every settled file of every organisation's import folder; returns the runs, oldest file
     * first. A file is claimed by moving it to the backup folder first: a file another replica moved away is not
     * there any more and is left to that replica, never reported as a failure.
     */
    public List<UUID> poll() {
        var runs = new ArrayList<UUID>();
        for (Organisation org : QuarkusTransaction.requiringNew().call(organisations::all)) {
            ImportSettings settings = org.importSettings();
            if (settings.importFolder() == null) {
                continue;
            }
            for (Path file : settledFiles(Path.of(settings.importFolder()))) {
                claim(file, Path.of(settings.backupFolder())).ifPresent(backup -> runs.add(importFile(org, settings,
                        file.getFileName().toString(), backup)));
            }
        }
        return runs;
    }

    private UUID importFile(Organisation org, ImportSettings settings, String name, Path backup) {
        UUID runId = intake.accept(new ImportIntake.Request(org.path, name, options, "folder", null), backup);
        if (imports.find(runId).status().finished()) {
            // refused at intake (a hostile zip, a wrong password): no run will report it, so this does
            notifier.notify(runId, settings);
        }
        return runId;
    }

    /** Moves the file to the backup folder with a timestamp; empty when it is gone (another replica took it). */
    private Optional<Path> claim(Path file, Path backupFolder) {
        try {
            Files.createDirectories(backupFolder);
            Path target = backupFolder.resolve(LocalDateTime.now(clock).format(STAMP) + "_" + file.getFileName());
            try {
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                // a backup folder on another file system: the lease on the poll keeps replicas from racing here
                Files.move(file, target);
            }
            // the retention counts from the import, not from when the customer made the file
            Files.setLastModifiedTime(target, FileTime.from(clock.instant()));
            return Optional.of(target);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.errorf(e, "Could not move %s to the backup folder %s; it stays in the import folder", file,
                    backupFolder);
            return Optional.empty();
        }
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
