package dev.provhub.exporter.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.provhub.exporter.config.ExportConfig;
import dev.provhub.exporter.delta.DeltaDecision.Kind;
import dev.provhub.exporter.delta.DeltaExport;
import dev.provhub.exporter.delta.ExportedState;
import dev.provhub.exporter.files.ExportFiles;
import dev.provhub.exporter.files.ExportUpload;
import dev.provhub.runs.Run;
import dev.provhub.runs.RunArtefacts;
import dev.provhub.runs.RunHandler;
import dev.provhub.runs.RunItems;
import dev.provhub.runs.RunOutcome;
import dev.provhub.runs.Runs;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Runs one export: decides what changed ({@link DeltaExport}), writes the three files, keeps them with the run,
 * uploads them (each under its own name, again after a wait while the server is away), and only then commits the new
 * exported state ({@link ExportedState}), in a transaction that first proves this process still owns the run. An
 * upload that still fails after the retries commits nothing, so the next run sends everything still pending; a dry
 * run writes the files and stops. A run whose process died is failed by recovery and its staged state discarded:
 * whether its files reached the server cannot be known, so the next run decides afresh.
 */
@ApplicationScoped
public class ExportRunner implements RunHandler {

    public static final String KIND = "export";
    /** Exports have one scope: the whole member projection. */
    public static final String SCOPE = "all";
    static final String MEDIA_TYPE = "text/csv";

    private static final Logger LOG = Logger.getLogger(ExportRunner.class);

    private final Runs runs;
    private final RunItems items;
    private final RunArtefacts artefacts;
    private final DeltaExport delta;
    private final ExportedState state;
    private final ExportUpload upload;
    private final ExportConfig config;
    private final MeterRegistry registry;

    ExportRunner(Runs runs, RunItems items, RunArtefacts artefacts, DeltaExport delta, ExportedState state,
            ExportUpload upload, ExportConfig config, MeterRegistry registry) {
        this.runs = runs;
        this.items = items;
        this.artefacts = artefacts;
        this.delta = delta;
        this.state = state;
        this.upload = upload;
        this.config = config;
        this.registry = registry;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void abandoned(UUID runId) {
        state.discard(runId);
    }

    @Override
    public RunOutcome execute(Run run) throws IOException {
        QuarkusTransaction.requiringNew().run(() -> {
            var details = new ExportRun();
            details.runId = run.id;
            details.persist();
        });
        items.clear(run.id);
        ExportFiles files = ExportFiles.open(scratchDir(), run.createdAt.atZone(ZoneId.of(config.zone())),
                artefacts::nameUsed);
        DeltaExport.Result result;
        try {
            try (files) {
                result = delta.examine(run.id, files, (done, total) -> QuarkusTransaction.requiringNew()
                        .run(() -> runs.progress(run.id, done, total, null)));
            } catch (RuntimeException e) {
                state.discard(run.id);
                throw e;
            }
            items.add(run.id, result.withheld());
            keep(run.id, files);
            return send(run, files, result);
        } finally {
            files.delete();
        }
    }

    private RunOutcome send(Run run, ExportFiles files, DeltaExport.Result result) {
        Map<String, Long> counts = result.counts();
        if (run.dryRun) {
            state.discard(run.id);
            record(run.id, result.upto(), files, List.of());
            return RunOutcome.completed(counts);
        }
        if (!upload.configured()) {
            state.discard(run.id);
            record(run.id, result.upto(), files, List.of());
            return RunOutcome.failed(
                    "no FTPS server is configured (provhub.export.ftps.url); the files were written only", counts);
        }
        List<String> uploaded = new ArrayList<>();
        try {
            uploadEach(run.id, toSend(files), uploaded);
        } catch (ExportUpload.UploadException e) {
            registry.counter("provhub.export.upload.failures").increment();
            state.discard(run.id);
            record(run.id, result.upto(), files, uploaded);
            return RunOutcome.failed("upload failed: " + e.getMessage() + (uploaded.isEmpty() ? ""
                    : " (already on the server: " + String.join(", ", uploaded) + ")")
                    + "; nothing was committed, the next run sends it all", counts);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state.discard(run.id);
            record(run.id, result.upto(), files, uploaded);
            return RunOutcome.failed("stopped while waiting to upload again; nothing was committed, the next run "
                    + "sends it all", counts);
        }
        RunOutcome outcome = RunOutcome.completed(counts);
        // the files are on the server: the exported state moves with the run's end, in one transaction that
        // first proves this process still owns the run (a run taken over must never commit)
        QuarkusTransaction.requiringNew().timeout(3600).run(() -> {
            runs.lockOwned(run.id);
            state.commit(run.id, result.upto());
            record(run.id, result.upto(), files, uploaded);
            runs.finish(run.id, outcome);
        });
        for (Kind kind : ExportFiles.KINDS) {
            registry.counter("provhub.export.rows", "kind", kind.name().toLowerCase()).increment(files.rows(kind));
        }
        return outcome;
    }

    /**
     * Uploads the files one at a time, each in a session of its own, so that a server that goes away in the middle
     * gets, when it is back, only the files it did not take, under the names they have in this run: a file is never
     * sent again under a new name because the server was briefly down. Gives up after
     * {@code provhub.export.ftps.retries} waits, doubling from {@code provhub.export.ftps.retry-backoff}.
     *
     * @param uploaded filled with the names of the files on the server, in order
     */
    private void uploadEach(UUID runId, List<Path> files, List<String> uploaded)
            throws ExportUpload.UploadException, InterruptedException {
        Duration wait = config.ftps().retryBackoff();
        int retries = 0;
        for (Path file : files) {
            while (true) {
                try {
                    upload.upload(List.of(file));
                    uploaded.add(file.getFileName().toString());
                    break;
                } catch (ExportUpload.UploadException e) {
                    if (retries >= config.ftps().retries()) {
                        throw e;
                    }
                    retries++;
                    registry.counter("provhub.export.upload.retries").increment();
                    LOG.warnf("Export %s: upload of %s failed (%s); trying again in %s (retry %d of %d)", runId,
                            file.getFileName(), e.getMessage(), wait, retries, config.ftps().retries());
                    Thread.sleep(wait.toMillis());
                    wait = wait.multipliedBy(2);
                }
            }
        }
    }

    private List<Path> toSend(ExportFiles files) {
        return ExportFiles.KINDS.stream().filter(kind -> config.uploadEmptyFiles() || files.rows(kind) > 0)
                .map(files::path).toList();
    }

    /** Keeps the run's files in the database, so that every replica can serve them until the retention ends. */
    private void keep(UUID runId, ExportFiles files) {
        for (Kind kind : ExportFiles.KINDS) {
            artefacts.store(runId, files.name(kind), MEDIA_TYPE, files.path(kind));
        }
    }

    /** Records the run's files; {@code uploaded} names those on the server (all of them when the run completed). */
    private void record(UUID runId, long upto, ExportFiles files, List<String> uploaded) {
        boolean complete = uploaded.size() == toSend(files).size() && !uploaded.isEmpty();
        var described = new ArrayList<ExportRun.ExportFile>();
        for (Kind kind : ExportFiles.KINDS) {
            long rows = files.rows(kind);
            boolean sent = uploaded.contains(files.name(kind));
            described.add(new ExportRun.ExportFile(files.name(kind), kind.name().toLowerCase(), rows,
                    size(files.path(kind)), sent, rows == 0 && !sent && complete ? "empty: not uploaded" : null));
        }
        QuarkusTransaction.joiningExisting().run(() -> {
            ExportRun details = ExportRun.findById(runId);
            details.uptoSeq = upto;
            details.files = List.copyOf(described);
        });
    }

    private Path scratchDir() {
        return Path.of(config.scratchDir().orElse(System.getProperty("java.io.tmpdir") + "/provhub-export"));
    }

    private static long size(Path file) {
        try {
            return java.nio.file.Files.size(file);
        } catch (IOException e) {
            LOG.debugf("No size for %s: %s", file, e);
            return 0;
        }
    }
}
