package dev.provhub.sync.run;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.provhub.runs.NewRun;
import dev.provhub.runs.Run;
import dev.provhub.runs.RunAlreadyActiveException;
import dev.provhub.runs.RunItems;
import dev.provhub.runs.RunQueue;
import dev.provhub.runs.Runs;
import dev.provhub.sync.graph.GraphCredentials;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Starts syncs and reports on them. Every sync has the same scope, {@code directory}: syncs touch the same users
 * and groups, so one runs at a time across all replicas, and the others wait in the queue.
 */
@ApplicationScoped
public class SyncRuns {

    public static final String SCOPE = "directory";
    private static final long WAIT_MILLIS = 2_000;

    private final Runs runs;
    private final RunQueue queue;
    private final RunItems items;
    private final RunCredentials credentials;
    private final EntityManager em;

    SyncRuns(Runs runs, RunQueue queue, RunItems items, RunCredentials credentials, EntityManager em) {
        this.runs = runs;
        this.queue = queue;
        this.items = items;
        this.credentials = credentials;
        this.em = em;
    }

    /** Queues a sync for whichever replica is free; it signs in with the configured credentials. */
    @Transactional
    public SyncRunView enqueue(SyncOptions options, String profile, String trigger, String requestedBy) {
        NewRun spec = spec(options, trigger, requestedBy);
        record(spec.id(), options, profile);
        Run run = runs.enqueue(spec);
        return view(run.id, false);
    }

    /**
     * Runs a sync here and now (a command, a schedule) and returns it finished; while another sync runs, waits for
     * it, telling {@code waiting} once.
     */
    public SyncRunView runHere(UUID runId, SyncOptions options, String profile, String trigger, String requestedBy,
            GraphCredentials signIn, Consumer<UUID> waiting) {
        NewRun spec = new NewRun(runId, SyncRunner.KIND, SCOPE, trigger, requestedBy,
                SyncOptionsValidator.validate(options).dryRun());
        QuarkusTransaction.requiringNew().run(() -> record(spec.id(), options, profile));
        if (signIn != null) {
            credentials.hold(spec.id(), signIn);
        }
        boolean told = false;
        try {
            while (true) {
                try {
                    Run run = queue.runHere(spec);
                    return view(run.id, false);
                } catch (RunAlreadyActiveException e) {
                    if (!told && waiting != null) {
                        waiting.accept(e.active());
                        told = true;
                    }
                    sleep();
                }
            }
        } finally {
            credentials.release(spec.id());
        }
    }

    /** Queues a profile's run unless one of it is queued or running. */
    @Transactional
    public boolean enqueueProfileUnlessActive(SyncOptions options, String profile, String trigger) {
        if (profileActive(profile)) {
            return false;
        }
        enqueue(options, profile, trigger, null);
        return true;
    }

    /** A run of the profile is queued or running. */
    @Transactional
    public boolean profileActive(String profile) {
        return !em.createNativeQuery("select 1 from run r join sync_run s on s.run_id = r.id where s.profile = ?1 "
                + "and r.status in ('QUEUED', 'RUNNING')").setParameter(1, profile).getResultList().isEmpty();
    }

    @Transactional
    public SyncRunView view(UUID id, boolean withItems) {
        Run run = runs.require(SyncRunner.KIND, id);
        return SyncRunView.of(run, SyncRun.findById(id), withItems ? items.list(id) : null);
    }

    @Transactional
    public List<SyncRunView> recent(int limit) {
        return runs.recent(SyncRunner.KIND, limit).stream().map(run -> SyncRunView.of(run, SyncRun.findById(run.id),
                null)).toList();
    }

    private static NewRun spec(SyncOptions options, String trigger, String requestedBy) {
        SyncOptionsValidator.validate(options);
        return new NewRun(UUID.randomUUID(), SyncRunner.KIND, SCOPE, trigger, requestedBy, options.dryRun());
    }

    private void record(UUID runId, SyncOptions options, String profile) {
        var details = new SyncRun();
        details.runId = runId;
        details.options = options;
        details.profile = profile;
        em.persist(details);
    }

    private static void sleep() {
        try {
            Thread.sleep(WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another sync to finish", e);
        }
    }
}
