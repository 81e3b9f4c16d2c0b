package dev.provhub.importer.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.provhub.importer.folder.ImportNotifier;
import dev.provhub.importer.org.OrganisationDirectory;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Runs accepted imports one after another in the background. At start-up it runs again what a crash left
 * unfinished: a run applies its whole file again, which leads to the same final state without duplicate users or
 * events (unchanged rows publish nothing).
 */
@ApplicationScoped
public class ImportQueue {

    private static final Logger LOG = Logger.getLogger(ImportQueue.class);

    private final ImportRunner runner;
    private final RunLedger ledger;
    private final OrganisationDirectory organisations;
    private final ImportNotifier notifier;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "import-runner");
        thread.setDaemon(true);
        return thread;
    });

    ImportQueue(ImportRunner runner, RunLedger ledger, OrganisationDirectory organisations,
            ImportNotifier notifier) {
        this.runner = runner;
        this.ledger = ledger;
        this.organisations = organisations;
        this.notifier = notifier;
    }

    void resumeUnfinished(@Observes StartupEvent startup) {
        for (UUID id : ledger.unfinished()) {
            ImportRun run = ledger.find(id);
            if (run.spoolFile != null && Files.exists(Path.of(run.spoolFile))) {
                LOG.infof("Resuming import run %s of %s into %s", id, run.fileName, run.orgPath);
                submit(id);
            } else {
                ledger.finish(id, RunStatus.FAILED, run.rowsDone, run.counts == null ? Map.of() : run.counts,
                        "the service stopped during the run and its file is gone; import the file again");
            }
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queues the run; its spool file is deleted when it finishes; a folder run's contacts get the report. */
    public Future<ImportRun> submit(UUID runId) {
        return executor.submit(() -> {
            ImportRun run = runner.run(runId);
            ImportIntake.discardSpool(run);
            if ("folder".equals(run.source)) {
                notifier.notify(run, QuarkusTransaction.requiringNew()
                        .call(() -> organisations.byId(run.orgId).importSettings()));
            }
            return run;
        });
    }
}
