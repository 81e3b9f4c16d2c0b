package dev.provhub.importer.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;

import org.jboss.logging.Logger;

import dev.provhub.dboutage.DatabaseOutage;
import dev.provhub.importer.config.ImportConfig;
import dev.provhub.importer.folder.ImportNotifier;
import dev.provhub.importer.org.ImportMode;
import dev.provhub.importer.org.ImportSettings;
import dev.provhub.importer.org.Organisation;
import dev.provhub.importer.org.OrganisationDirectory;
import dev.provhub.importer.password.PasswordHasher;
import dev.provhub.importer.rules.FileRejectedException;
import dev.provhub.importer.rules.FullImportReconciler;
import dev.provhub.importer.rules.HeaderMapping;
import dev.provhub.importer.rules.ImportContext;
import dev.provhub.importer.rules.ImportCounts;
import dev.provhub.importer.rules.ImportIntegration;
import dev.provhub.importer.rules.ImportIntegrations;
import dev.provhub.importer.rules.ImportKey;
import dev.provhub.importer.rules.ImportRow;
import dev.provhub.importer.rules.RowOutcome;
import dev.provhub.importer.rules.RowProcessor;
import dev.provhub.importer.rules.RowRejectedException;
import dev.provhub.importer.user.NewUsers;
import dev.provhub.importer.user.UserFinder;
import dev.provhub.importer.user.UserNameGenerator;
import dev.provhub.importer.user.WriteConflicts;
import dev.provhub.intake.csv.CsvEncoding;
import dev.provhub.intake.csv.CsvFormatException;
import dev.provhub.intake.csv.CsvReader;
import dev.provhub.intake.csv.CsvRecord;
import dev.provhub.intake.csv.CsvRecordException;
import dev.provhub.intake.csv.SpreadsheetCsv;
import dev.provhub.runs.Run;
import dev.provhub.runs.RunArtefacts;
import dev.provhub.runs.RunHandler;
import dev.provhub.runs.RunItems;
import dev.provhub.runs.RunLostException;
import dev.provhub.runs.RunOutcome;
import dev.provhub.runs.Runs;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Runs one import: reads the whole file once to check it (a file that cannot be read, or a full import over its
 * removal threshold, is rejected before anything changes), then applies it in batches of the organisation's batch
 * size, one transaction per batch, each with the run's progress (fenced: a run another process took over commits
 * no further batch). A dry run applies everything in one transaction and rolls it back.
 * <p>
 * A batch that fails for an unexpected reason is rolled back and replayed row by row, so one bad row never costs
 * the others. Re-running a file, after a crash for instance, leads to the same state: unchanged rows publish
 * nothing, so a run whose process died is simply queued again.
 */
@ApplicationScoped
public class ImportRunner implements RunHandler {

    private static final Logger LOG = Logger.getLogger(ImportRunner.class);
    private static final int SEEN_BATCH = 1_000;
    private static final int CONFLICT_ATTEMPTS = 3;

    private final Runs runs;
    private final RunItems items;
    private final RunArtefacts artefacts;
    private final ImportIntake intake;
    private final ImportNotifier notifier;
    private final OrganisationDirectory organisations;
    private final ImportIntegrations integrations;
    private final RowProcessor processor;
    private final FullImportReconciler reconciler;
    private final EntityManager em;
    private final PasswordHasher hasher;
    private final UserNameGenerator nameGenerator;
    private final NewUsers newUsers;
    private final MeterRegistry registry;
    private final DatabaseOutage outage;
    private final int batchTimeoutSeconds;

    ImportRunner(Runs runs, RunItems items, RunArtefacts artefacts, ImportIntake intake, ImportNotifier notifier,
            OrganisationDirectory organisations, ImportIntegrations integrations, RowProcessor processor,
            FullImportReconciler reconciler, EntityManager em, PasswordHasher hasher, UserNameGenerator nameGenerator,
            NewUsers newUsers, MeterRegistry registry, DatabaseOutage outage, ImportConfig config) {
        this.runs = runs;
        this.items = items;
        this.artefacts = artefacts;
        this.intake = intake;
        this.notifier = notifier;
        this.organisations = organisations;
        this.integrations = integrations;
        this.processor = processor;
        this.reconciler = reconciler;
        this.em = em;
        this.hasher = hasher;
        this.nameGenerator = nameGenerator;
        this.newUsers = newUsers;
        this.registry = registry;
        this.outage = outage;
        this.batchTimeoutSeconds = (int) config.batchTimeout().toSeconds();
    }

    @Override
    public String kind() {
        return ImportIntake.KIND;
    }

    @Override
    public StaleRunPolicy onStale() {
        return StaleRunPolicy.RETRY;
    }

    @Override
    public void abandoned(UUID runId) {
        // the file holds passwords: it does not outlive a run that will never run again
        artefacts.delete(runId, ImportRun.INPUT);
        reconciler.forgetListed(runId);
    }

    @Override
    public RunOutcome execute(Run run) {
        ImportRun details = QuarkusTransaction.requiringNew().call(() -> ImportRun.<ImportRun> findById(run.id));
        items.clear(run.id);
        var progress = new Progress();
        Path file = intake.scratch().resolve(run.id + ".csv");
        RunOutcome outcome;
        try {
            Files.createDirectories(intake.scratch());
            artefacts.copyTo(run.id, ImportRun.INPUT, file);
            outcome = importFile(run, details, file, progress);
        } catch (FileRejectedException e) {
            outcome = reject(run.id, progress, e.getMessage());
        } catch (CsvFormatException e) {
            outcome = reject(run.id, progress, "the file cannot be read: " + e.getMessage());
        } catch (IOException e) {
            outcome = reject(run.id, progress, "the file cannot be read: " + e.getMessage());
        } finally {
            reconciler.forgetListed(run.id);
            ImportIntake.deleteQuietly(file);
        }
        // the run ends with its file gone (it holds passwords), then its contacts hear of it
        RunOutcome ended = outcome;
        QuarkusTransaction.requiringNew().run(() -> {
            if (runs.finish(run.id, ended)) {
                artefacts.delete(run.id, ImportRun.INPUT);
            }
        });
        if ("folder".equals(run.trigger)) {
            notifier.notify(run.id, QuarkusTransaction.requiringNew()
                    .call(() -> organisations.byId(details.orgId).importSettings()));
        }
        return outcome;
    }

    private RunOutcome importFile(Run run, ImportRun details, Path file, Progress progress) throws IOException {
        Organisation org = QuarkusTransaction.requiringNew().call(() -> organisations.byId(details.orgId));
        ImportSettings settings = org.importSettings();
        ImportIntegration integration = integrations.byName(settings.integration());
        HeaderMapping mapping = scan(run.id, org, settings, file);
        var ctx = new ImportContext(run.id, org, details.options(run.dryRun), mapping, integration);
        if (settings.importMode() == ImportMode.FULL) {
            FullImportReconciler.checkThreshold(ctx, reconciler.plan(ctx));
        }
        integration.beforeOrganisation(ctx);
        if (run.dryRun) {
            // one transaction for the whole file, always rolled back: every rule runs, nothing stays
            QuarkusTransaction.begin(QuarkusTransaction.beginOptions().timeout(24 * 3600));
            try {
                applyRows(ctx, file, progress, true);
                reconcile(ctx, progress, true);
            } finally {
                QuarkusTransaction.rollback();
            }
        } else {
            applyRows(ctx, file, progress, false);
            reconcile(ctx, progress, false);
        }
        boolean errors = progress.counts.get(ImportCounts.Kind.FAILED) > 0;
        if (!run.dryRun) {
            progress.counts.asMap().forEach((outcome, n) -> registry
                    .counter("provhub.import.rows", "org", details.orgPath, "outcome", outcome).increment(n));
        }
        LOG.infof("Import of %s into %s finished: %s", details.fileName, details.orgPath, progress.counts.asMap());
        return RunOutcome.completed(progress.counts.asMap(), errors);
    }

    private RunOutcome reject(UUID runId, Progress progress, String reason) {
        LOG.warnf("Import run %s rejected: %s", runId, reason);
        return RunOutcome.failed(reason, progress.counts.asMap());
    }

    /**
     * First pass: the header, the row count, and every record read once, so that a file that breaks at its end is
     * rejected before its start is applied. Full imports also note every RecordUID.
     */
    private HeaderMapping scan(UUID runId, Organisation org, ImportSettings settings, Path file) throws IOException {
        boolean full = settings.importMode() == ImportMode.FULL;
        try (CsvReader reader = open(file, settings)) {
            CsvRecord header = nextRecordOrReject(reader);
            HeaderMapping mapping = HeaderMapping.of(header.fields(), org, settings);
            long rows = 0;
            var seen = new ArrayList<String>(SEEN_BATCH);
            while (true) {
                CsvRecord record;
                try {
                    record = reader.next();
                } catch (CsvRecordException e) {
                    rows++;
                    continue;
                }
                if (record == null) {
                    break;
                }
                rows++;
                if (full) {
                    String uid = mapping.value(record.fields(), ImportKey.RECORD_UID);
                    // a RecordUID with a NUL is no key (its row is rejected), and PostgreSQL text cannot hold it
                    if (uid != null && !uid.isBlank() && uid.indexOf('\0') < 0) {
                        seen.add(uid);
                        if (seen.size() == SEEN_BATCH) {
                            reconciler.rememberListed(runId, seen);
                            seen.clear();
                        }
                    }
                }
            }
            reconciler.rememberListed(runId, seen);
            long total = rows;
            QuarkusTransaction.requiringNew().run(() -> {
                runs.progress(runId, 0, total, null);
                ImportRun.<ImportRun> findById(runId).ignoredColumns = List.copyOf(mapping.ignoredColumns());
            });
            return mapping;
        }
    }

    private static CsvRecord nextRecordOrReject(CsvReader reader) throws IOException {
        try {
            CsvRecord header = reader.next();
            if (header == null) {
                throw new FileRejectedException("the file is empty: it needs a header line");
            }
            return header;
        } catch (CsvRecordException e) {
            throw new FileRejectedException("the header line cannot be read: " + e.getMessage());
        }
    }

    private void applyRows(ImportContext ctx, Path file, Progress progress, boolean inOneTransaction)
            throws IOException {
        int batchSize = ctx.settings().batchSize();
        try (CsvReader reader = open(file, ctx.settings())) {
            reader.next();
            var batch = new ArrayList<Object>(batchSize);
            while (true) {
                Object item;
                try {
                    item = withoutNul(reader.next(), ctx.mapping());
                } catch (CsvRecordException e) {
                    item = e;
                }
                if (item == null) {
                    break;
                }
                batch.add(item);
                if (batch.size() == batchSize) {
                    applyBatch(ctx, batch, progress, inOneTransaction);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                applyBatch(ctx, batch, progress, inOneTransaction);
            }
        }
    }

    /**
     * The record, or its rejection when a field holds a NUL character: no user value may contain one (PostgreSQL
     * text cannot), and it must be refused by its column before the batch looks anything up with it.
     */
    private static Object withoutNul(CsvRecord record, HeaderMapping mapping) {
        if (record == null) {
            return null;
        }
        for (int i = 0; i < record.size(); i++) {
            if (record.get(i).indexOf('\0') >= 0) {
                return new CsvRecordException(record.line(), "field " + (i + 1) + " (" + mapping.column(i)
                        + ") holds a NUL character");
            }
        }
        return record;
    }

    private void applyBatch(ImportContext ctx, List<Object> batch, Progress progress, boolean inOneTransaction) {
        var counts = new ImportCounts();
        var reports = new ArrayList<RowReport>();
        if (inOneTransaction) {
            indexUsers(ctx, batch);
            batch.forEach(item -> applyItem(ctx, item, counts, reports));
            writeChanges(ctx);
            em.clear();
        } else {
            while (true) {
                try {
                    counts.reset();
                    reports.clear();
                    QuarkusTransaction.requiringNew().timeout(batchTimeoutSeconds).run(() -> {
                        indexUsers(ctx, batch);
                        batch.forEach(item -> applyItem(ctx, item, counts, reports));
                        writeChanges(ctx);
                        runs.progress(ctx.runId(), progress.rows + batch.size(), null, progress.merged(counts));
                    });
                    break;
                } catch (RunLostException e) {
                    throw e;
                } catch (RuntimeException e) {
                    ctx.takePendingPasswords();
                    ctx.takeCreated();
                    ctx.users(null);
                    if (outage.waitedOut(e)) {
                        // the database went away: nothing of the batch was committed, and no row is to blame
                        LOG.warnf("Applying a batch of run %s again: the database was unreachable", ctx.runId());
                        continue;
                    }
                    LOG.warnf("A batch of run %s failed (%s); applying its rows one by one", ctx.runId(),
                            e.toString());
                    replayOneByOne(ctx, batch, counts, reports);
                    runs.progress(ctx.runId(), progress.rows + batch.size(), null, progress.merged(counts));
                    break;
                }
            }
        }
        ctx.users(null);
        ctx.reservedNames(null);
        progress.rows += batch.size();
        progress.counts.addAll(counts);
        items.add(ctx.runId(), reports.stream().map(RowReport::toItem).toList());
    }

    private void replayOneByOne(ImportContext ctx, List<Object> batch, ImportCounts counts,
            List<RowReport> reports) {
        counts.reset();
        reports.clear();
        for (Object item : batch) {
            var rowCounts = new ImportCounts();
            var rowReports = new ArrayList<RowReport>();
            for (int attempt = 1;; attempt++) {
                rowCounts.reset();
                rowReports.clear();
                try {
                    QuarkusTransaction.requiringNew().run(() -> {
                        indexUsers(ctx, List.of(item));
                        applyItem(ctx, item, rowCounts, rowReports);
                        writeChanges(ctx);
                    });
                    counts.addAll(rowCounts);
                    reports.addAll(rowReports);
                    break;
                } catch (RuntimeException e) {
                    ctx.takePendingPasswords();
                    ctx.takeCreated();
                    ctx.users(null);
                    if (outage.waitedOut(e)) {
                        continue;
                    }
                    if (WriteConflicts.isConflict(e) && attempt < CONFLICT_ATTEMPTS) {
                        // another transaction changed the same user or took the same key first: apply the row
                        // again to what is committed now
                        continue;
                    }
                    CsvRecord record = (CsvRecord) item;
                    LOG.errorf(e, "Line %d of run %s failed unexpectedly", record.line(), ctx.runId());
                    counts.add(ImportCounts.Kind.FAILED);
                    reports.add(new RowReport(record.line(), RowReport.FAILED,
                            "unexpected error (see the service log for run " + ctx.runId() + ")",
                            reported(ctx, record)));
                    break;
                }
            }
        }
    }

    private void applyItem(ImportContext ctx, Object item, ImportCounts counts, List<RowReport> reports) {
        if (item instanceof CsvRecordException e) {
            counts.add(ImportCounts.Kind.FAILED);
            reports.add(new RowReport(e.line(), RowReport.FAILED, e.problem(), null));
            return;
        }
        CsvRecord record = (CsvRecord) item;
        String raw = reported(ctx, record);
        if (record.size() != ctx.mapping().width()) {
            counts.add(ImportCounts.Kind.FAILED);
            reports.add(new RowReport(record.line(), RowReport.FAILED, "has " + record.size()
                    + " fields; the header has " + ctx.mapping().width(), raw));
            return;
        }
        try {
            RowOutcome outcome = processor.apply(ctx, ImportRow.read(record.line(), record.fields(), ctx.mapping()));
            counts.add(outcome.kind());
            if (outcome.reason() != null) {
                reports.add(new RowReport(record.line(), RowReport.SKIPPED, outcome.reason(), raw));
            }
        } catch (RowRejectedException e) {
            counts.add(ImportCounts.Kind.FAILED);
            reports.add(new RowReport(record.line(), RowReport.FAILED, e.getMessage(), raw));
        }
    }

    /**
     * Loads the users the batch's rows name, so rows look them up in memory, and lets Hibernate write the batch's
     * changes together at the end instead of before every query.
     */
    private void indexUsers(ImportContext ctx, List<Object> batch) {
        em.setFlushMode(FlushModeType.COMMIT);
        Set<String> userNames = new HashSet<>();
        Set<String> orgLoginIds = new HashSet<>();
        Set<String> emails = new HashSet<>();
        Set<String> recordUids = new HashSet<>();
        HeaderMapping mapping = ctx.mapping();
        for (Object item : batch) {
            if (item instanceof CsvRecord record) {
                addIfPresent(userNames, mapping.value(record.fields(), ImportKey.LOGIN_ID));
                addIfPresent(emails, mapping.value(record.fields(), ImportKey.LOGIN_ID));
                addIfPresent(orgLoginIds, mapping.value(record.fields(), ImportKey.ORG_LOGIN_ID));
                addIfPresent(emails, mapping.value(record.fields(), ImportKey.EMAIL));
                addIfPresent(recordUids, mapping.value(record.fields(), ImportKey.RECORD_UID));
            }
        }
        ctx.users(UserFinder.forBatch(em, userNames, ctx.organisation().id, orgLoginIds, emails, recordUids));
        reserveUserNames(ctx, batch);
    }

    /** Reserves, in one round trip, the names of the users the batch's rows will create. */
    private void reserveUserNames(ImportContext ctx, List<Object> batch) {
        var bases = new ArrayList<String>();
        for (Object item : batch) {
            if (item instanceof CsvRecord record && record.size() == ctx.mapping().width()) {
                String base = processor.plannedBaseName(ctx, ImportRow.read(record.line(), record.fields(),
                        ctx.mapping()));
                if (base != null) {
                    bases.add(base);
                }
            }
        }
        ctx.reservedNames(nameGenerator.reserve(bases));
    }

    private static void addIfPresent(Set<String> keys, String value) {
        if (value != null && !value.isBlank()) {
            keys.add(value.trim());
        }
    }

    /**
     * The batch's writes: its new passwords hashed together (the plain passwords dropped right after), its new users
     * inserted, then Hibernate's changes to the existing users.
     */
    private void writeChanges(ImportContext ctx) {
        hashPendingPasswords(ctx);
        newUsers.insert(ctx.takeCreated());
        em.flush();
    }

    /** Hashes the batch's new passwords together; the plain passwords are dropped right after. */
    private void hashPendingPasswords(ImportContext ctx) {
        var pending = ctx.takePendingPasswords();
        List<String> hashes = hasher.hashAll(pending.stream().map(ImportContext.PendingPassword::password).toList());
        for (int i = 0; i < pending.size(); i++) {
            pending.get(i).user().passwordHash = hashes.get(i);
        }
    }

    private void reconcile(ImportContext ctx, Progress progress, boolean inOneTransaction) {
        if (ctx.settings().importMode() != ImportMode.FULL) {
            return;
        }
        int batchSize = ctx.settings().batchSize();
        while (true) {
            var counts = new ImportCounts();
            Runnable step = () -> reconciler.nextLeavers(ctx, batchSize)
                    .forEach(id -> counts.add(reconciler.remove(ctx, id)));
            if (inOneTransaction) {
                step.run();
            } else {
                for (int attempt = 1;; attempt++) {
                    try {
                        QuarkusTransaction.requiringNew().run(() -> {
                            step.run();
                            runs.progress(ctx.runId(), progress.rows, null, progress.merged(counts));
                        });
                        break;
                    } catch (RuntimeException e) {
                        counts.reset();
                        if (outage.waitedOut(e)) {
                            continue;
                        }
                        if (!WriteConflicts.isConflict(e) || attempt == CONFLICT_ATTEMPTS) {
                            throw e;
                        }
                        // a leaver changed meanwhile (the limbo purge, another import): take the leavers again
                    }
                }
            }
            progress.counts.addAll(counts);
            long removed = counts.get(ImportCounts.Kind.MOVED_TO_LIMBO) + counts.get(ImportCounts.Kind.REMOVED_FROM_ORG);
            if (removed < batchSize) {
                return;
            }
        }
    }

    private static CsvReader open(Path file, ImportSettings settings) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            Reader reader = CsvEncoding.open(in);
            return new CsvReader(reader, settings.delimiter());
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The row as a report shows it: password redacted, in the file's delimiter, no cell a spreadsheet would run. */
    private static String reported(ImportContext ctx, CsvRecord record) {
        return SpreadsheetCsv.line(ctx.mapping().redacted(record.fields()), ctx.settings().delimiter());
    }

    /** Rows done and counts of the committed batches. */
    private static final class Progress {
        long rows;
        final ImportCounts counts = new ImportCounts();

        Map<String, Long> merged(ImportCounts batch) {
            var merged = new ImportCounts();
            merged.addAll(counts);
            merged.addAll(batch);
            return merged.asMap();
        }
    }
}
