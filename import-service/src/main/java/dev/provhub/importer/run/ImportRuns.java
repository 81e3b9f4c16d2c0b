package dev.provhub.importer.run;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.provhub.runs.Run;
import dev.provhub.runs.RunItems;
import dev.provhub.runs.RunQueue;
import dev.provhub.runs.Runs;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Reads import runs back, and runs a queued import here for a caller that waits for it (the command). */
@ApplicationScoped
public class ImportRuns {

    private final Runs runs;
    private final RunItems items;
    private final RunQueue queue;

    ImportRuns(Runs runs, RunItems items, RunQueue queue) {
        this.runs = runs;
        this.items = items;
        this.queue = queue;
    }

    /**
     * The import with its rejected and skipped rows.
     *
     * @throws dev.provhub.runs.RunNotFoundException when there is no such import
     */
    public ImportRunView find(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> ImportRunView.of(runs.require(ImportIntake.KIND, id),
                ImportRun.findById(id), reports(id)));
    }

    public List<ImportRunView> recent(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> runs.recent(ImportIntake.KIND, limit).stream()
                .map(run -> ImportRunView.of(run, ImportRun.findById(run.id), null)).toList());
    }

    /** The rejected and skipped rows of the import, by line. */
    public List<RowReport> reports(UUID id) {
        return items.list(id).stream().map(RowReport::of).toList();
    }

    /** Runs the queued import here, or waits while another replica runs it; returns it finished. */
    public ImportRunView runHere(UUID id) {
        Run run = queue.runQueuedHere(id);
        return find(run.id);
    }
}
