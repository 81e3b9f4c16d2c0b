package dev.provhub.importer.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ForkJoinPool;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

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
import dev.provhub.importer.rules.ImportOptions;
import dev.provhub.importer.rules.ImportRow;
import dev.provhub.importer.rules.RowOutcome;
import dev.provhub.importer.rules.RowProcessor;
import dev.provhub.importer.rules.RowRejectedException;
import dev.provhub.importer.user.UserIndex;
import dev.provhub.intake.csv.CsvEncoding;
import dev.provhub.intake.csv.CsvFormatException;
import dev.provhub.intake.csv.CsvReader;
import dev.provhub.intake.csv.CsvRecord;
import dev.provhub.intake.csv.CsvRecordException;
import dev.provhub.intake.csv.SpreadsheetCsv;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Runs one import: reads the whole file once to check it (a file that cannot be read, or a full import over its
 * removal threshold, is rejected before anything changes), then applies it in batches of the organisation's batch
 * size, one transaction per batch. A dry run applies everything in one transaction and rolls it back.
 * <p>
 * A batch that fails for an unexpected reason is rolled back and replayed row by row, so one bad row never costs
 * the others. Re-running a file, after a crash for instance, leads to the same state: unchanged rows publish
 * nothing.
 */
@ApplicationScoped
public class ImportRunner {

    private static final Logger LOG = Logger.getLogger(ImportRunner.class);
    private static final int SEEN_BATCH = 1_000;

    private final RunLedger ledger;
    private final OrganisationDirectory organisations;
    private final ImportIntegrations integrations;
    private final RowProcessor processor;
    private final FullImportReconciler reconciler;
    private final EntityManager em;
    private final AgroalDataSource dataSource;
    private final PasswordHasher hasher;
    private final MeterRegistry registry;
    private final int batchTimeoutSeconds;
    private final ForkJoinPool hashing = new ForkJoinPool(Runtime.getRuntime().availableProcessors());

    ImportRunner(RunLedger ledger, OrganisationDirectory organisations, ImportIntegrations integrations,
            RowProcessor processor, FullImportReconciler reconciler, EntityManager em, AgroalDataSource dataSource,
            PasswordHasher hasher, MeterRegistry registry,
            @ConfigProperty(name = "provhub.import.batch-timeout", defaultValue = "PT30M") Duration batchTimeout) {
        this.ledger = ledger;
        this.organisations = organisations;
        this.integrations = integrations;
        this.processor = processor;
        this.reconciler = reconciler;
        this.em = em;
        this.dataSource = dataSource;
        this.hasher = hasher;
        this.registry = registry;
        // a batch of new users with passwords takes as long as its hashes: 1000 x 600,000 PBKDF2 rounds is
        // over a minute on two cores, longer than the default transaction timeout
        this.batchTimeoutSeconds = (int) batchTimeout.toSeconds();
    }

    /** Runs the import; the run's final status and report are in the ledger afterwards. */
    @ActivateRequestContext
    public ImportRun run(UUID runId) {
        MDC.put("run", runId.toString());
        Timer.Sample started = Timer.start(registry);
        ImportRun run = ledger.start(runId);
        var progress = new Progress();
        try {
            Organisation org = QuarkusTransaction.requiringNew().call(() -> organisations.byId(run.orgId));
            ImportSettings settings = org.importSettings();
            ImportIntegration integration = integrations.byName(settings.integration());
            Path file = Path.of(run.spoolFile);
            var options = new ImportOptions(run.allowUpdate, run.allowReactivate, run.dryRun, run.forced);

            HeaderMapping mapping = scan(run, org, settings, file);
            var ctx = new ImportContext(run.id, org, options, mapping, integration);
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
            ledger.finish(runId, errors ? RunStatus.COMPLETED_WITH_ERRORS : RunStatus.COMPLETED, progress.rows,
                    progress.counts.asMap(), null);
            if (!run.dryRun) {
                progress.counts.asMap().forEach((outcome, n) -> registry
                        .counter("provhub.import.rows", "org", run.orgPath, "outcome", outcome).increment(n));
            }
            LOG.infof("Import of %s into %s finished: %s", run.fileName, run.orgPath, progress.counts.asMap());
        } catch (FileRejectedException e) {
            reject(runId, progress, e.getMessage());
        } catch (CsvFormatException e) {
            reject(runId, progress, "the file cannot be read: " + e.getMessage());
        } catch (IOException e) {
            reject(runId, progress, "the file cannot be read: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Import run %s failed unexpectedly", runId);
            reject(runId, progress, "unexpected error (see the service log for run " + runId + ")");
        } finally {
            forgetSeen(runId);
            started.stop(registry.timer("provhub.import.run.duration", "source", run.source));
            MDC.remove("run");
        }
        return ledger.find(runId);
    }

    private void reject(UUID runId, Progress progress, String reason) {
        LOG.warnf("Import run %s rejected: %s", runId, reason);
        ledger.finish(runId, RunStatus.FAILED, progress.rows, progress.counts.asMap(), reason);
    }

    /**
     * First pass: the header, the row count, and every record read once, so that a file that breaks at its end is
     * rejected before its start is applied. Full imports also note every RecordUID.
     */
    private HeaderMapping scan(ImportRun run, Organisation org, ImportSettings settings, Path file)
            throws IOException {
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
                    String uid = mapping.value(record.fields(), dev.provhub.importer.rules.ImportKey.RECORD_UID);
                    if (uid != null && !uid.isBlank()) {
                        seen.add(uid);
                        if (seen.size() == SEEN_BATCH) {
                            remember(run.id, seen);
                            seen.clear();
                        }
                    }
                }
            }
            remember(run.id, seen);
            ledger.scanned(run.id, rows, mapping.ignoredColumns());
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
                    item = reader.next();
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

    private void applyBatch(ImportContext ctx, List<Object> batch, Progress progress, boolean inOneTransaction) {
        var counts = new ImportCounts();
        var reports = new ArrayList<RowReport>();
        if (inOneTransaction) {
            indexUsers(ctx, batch);
            batch.forEach(item -> applyItem(ctx, item, counts, reports));
            hashPendingPasswords(ctx);
            em.flush();
            em.clear();
            ctx.users(null);
        } else {
            try {
                QuarkusTransaction.requiringNew().timeout(batchTimeoutSeconds).run(() -> {
                    indexUsers(ctx, batch);
                    batch.forEach(item -> applyItem(ctx, item, counts, reports));
                    hashPendingPasswords(ctx);
                    em.flush();
                    ledger.progress(ctx.runId(), progress.rows + batch.size(), progress.merged(counts));
                });
            } catch (RuntimeException e) {
                ctx.takePendingPasswords();
                ctx.users(null);
                LOG.warnf("A batch of run %s failed (%s); applying its rows one by one", ctx.runId(), e.toString());
                replayOneByOne(ctx, batch, counts, reports);
            }
        }
        ctx.users(null);
        progress.rows += batch.size();
        progress.counts.addAll(counts);
        ledger.report(ctx.runId(), reports);
    }

    private void replayOneByOne(ImportContext ctx, List<Object> batch, ImportCounts counts,
            List<RowReport> reports) {
        counts.reset();
        reports.clear();
        for (Object item : batch) {
            var rowCounts = new ImportCounts();
            var rowReports = new ArrayList<RowReport>();
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    applyItem(ctx, item, rowCounts, rowReports);
                    hashPendingPasswords(ctx);
                });
                counts.addAll(rowCounts);
                reports.addAll(rowReports);
            } catch (RuntimeException e) {
                ctx.takePendingPasswords();
                CsvRecord record = (CsvRecord) item;
                LOG.errorf(e, "Line %d of run %s failed unexpectedly", record.line(), ctx.runId());
                counts.add(ImportCounts.Kind.FAILED);
                reports.add(new RowReport(record.line(), RowReport.FAILED,
                        "unexpected error (see the service log for run " + ctx.runId() + ")",
                        reported(ctx, record)));
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
        em.setFlushMode(jakarta.persistence.FlushModeType.COMMIT);
        var userNames = new java.util.HashSet<String>();
        var orgLoginIds = new java.util.HashSet<String>();
        var emails = new java.util.HashSet<String>();
        var recordUids = new java.util.HashSet<String>();
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
        ctx.users(UserIndex.load(em, userNames, ctx.organisation().id, orgLoginIds, emails, recordUids));
    }

    private static void addIfPresent(java.util.Set<String> keys, String value) {
        if (value != null && !value.isBlank()) {
            keys.add(value.trim());
        }
    }

    /** Hashes the batch's new passwords on every core; the plain passwords are dropped right after. */
    private void hashPendingPasswords(ImportContext ctx) {
        var pending = ctx.takePendingPasswords();
        if (pending.isEmpty()) {
            return;
        }
        int iterations = hasher.iterations();
        List<String> hashes;
        try {
            hashes = hashing.submit(() -> pending.parallelStream()
                    .map(p -> PasswordHasher.hash(p.password(), iterations)).toList()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing passwords", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("hashing passwords failed", e.getCause());
        }
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
                QuarkusTransaction.requiringNew().run(() -> {
                    step.run();
                    ledger.progress(ctx.runId(), progress.rows, progress.merged(counts));
                });
            }
            progress.counts.addAll(counts);
            long removed = counts.get(ImportCounts.Kind.MOVED_TO_LIMBO) + counts.get(ImportCounts.Kind.REMOVED_FROM_ORG);
            if (removed < batchSize) {
                return;
            }
        }
    }

    private void remember(UUID runId, List<String> recordUids) {
        if (recordUids.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement st = c.prepareStatement(
                            "insert into import_seen (run_id, record_uid) values (?, ?) on conflict do nothing")) {
                for (String uid : recordUids) {
                    st.setObject(1, runId);
                    st.setString(2, uid);
                    st.addBatch();
                }
                st.executeBatch();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void forgetSeen(UUID runId) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("delete from import_seen where run_id = ?1")
                .setParameter(1, runId).executeUpdate());
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

        java.util.Map<String, Long> merged(ImportCounts batch) {
            var merged = new ImportCounts();
            merged.addAll(counts);
            merged.addAll(batch);
            return merged.asMap();
        }
    }
}
