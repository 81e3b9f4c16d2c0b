package dev.provhub.runs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The lifecycle of runs, the same for every kind and safe with any number of processes on one database:
 * <ul>
 * <li>a run is queued, or started here at once; at most one run of a kind and scope runs at a time (a partial
 * unique index, whatever the application does);</li>
 * <li>the process running it owns it and keeps its heartbeat fresh ({@link RunHeartbeat});</li>
 * <li>every write about a running run is fenced by its owner: once another process has taken a run over, the old
 * owner's progress, items and finish are refused with {@link RunLostException};</li>
 * <li>recovery takes over only runs whose heartbeat is stale, never another live process's run.</li>
 * </ul>
 * The database's clock decides staleness, so processes with drifting clocks agree.
 */
@ApplicationScoped
public class Runs {

    private static final Logger LOG = Logger.getLogger(Runs.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EntityManager em;
    private final RunInstance instance;
    private final RunsConfig config;
    private final RunSignal signal;

    Runs(EntityManager em, RunInstance instance, RunsConfig config, RunSignal signal) {
        this.em = em;
        this.instance = instance;
        this.config = config;
        this.signal = signal;
    }

    /** Queues a run for any process's worker, in the caller's transaction if there is one. */
    @Transactional
    public Run enqueue(NewRun spec) {
        insert(spec, RunStatus.QUEUED);
        signal.wakeAfterCommit();
        return Run.findById(spec.id());
    }

    /**
     * Queues a run unless one of the same kind and scope is queued or running.
     *
     * @throws RunAlreadyActiveException naming the active run
     */
    @Transactional
    public Run enqueueUnlessActive(NewRun spec) {
        int inserted = em.createNativeQuery("""
                insert into run (id, kind, scope, status, trigger, requested_by, dry_run, created_at)
                select ?1, ?2, ?3, 'QUEUED', ?4, ?5, ?6, now()
                where not exists (select 1 from run where kind = ?2 and scope = ?3
                                  and status in ('QUEUED', 'RUNNING'))""")
                .setParameter(1, spec.id()).setParameter(2, spec.kind()).setParameter(3, spec.scope())
                .setParameter(4, spec.trigger()).setParameter(5, spec.requestedBy()).setParameter(6, spec.dryRun())
                .executeUpdate();
        if (inserted == 0) {
            throw new RunAlreadyActiveException(spec.kind(), spec.scope(), active(spec.kind(), spec.scope()));
        }
        signal.wakeAfterCommit();
        return Run.findById(spec.id());
    }

    /**
     * Records a run that this process runs now, itself (a command, a scheduled job).
     *
     * @throws RunAlreadyActiveException when a run of the same kind and scope is running
     */
    public Run startHere(NewRun spec) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                insert(spec, RunStatus.RUNNING);
                return Run.<Run> findById(spec.id());
            });
        } catch (PersistenceException e) {
            UUID running = QuarkusTransaction.requiringNew().call(() -> active(spec.kind(), spec.scope()));
            if (running != null) {
                throw new RunAlreadyActiveException(spec.kind(), spec.scope(), running);
            }
            throw e;
        }
    }

    private void insert(NewRun spec, RunStatus status) {
        boolean running = status == RunStatus.RUNNING;
        em.createNativeQuery("""
                insert into run (id, kind, scope, status, trigger, requested_by, dry_run, owner, heartbeat_at,
                                 attempts, created_at, started_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, case when ?9 then now() end, ?10, now(),
                        case when ?9 then now() end)""")
                .setParameter(1, spec.id()).setParameter(2, spec.kind()).setParameter(3, spec.scope())
                .setParameter(4, status.name()).setParameter(5, spec.trigger()).setParameter(6, spec.requestedBy())
                .setParameter(7, spec.dryRun()).setParameter(8, running ? instance.id() : null)
                .setParameter(9, running).setParameter(10, running ? 1 : 0)
                .executeUpdate();
    }

    /**
     * Takes the oldest queued run of one of {@code kinds} whose kind and scope has no run running, and makes this
     * process its owner.
     */
    public Optional<Run> claimNext(Collection<String> kinds) {
        if (kinds.isEmpty()) {
            return Optional.empty();
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                @SuppressWarnings("unchecked")
                List<UUID> claimed = em.createNativeQuery("""
                        with next as (
                            select r.id from run r
                            where r.status = 'QUEUED' and r.kind = any (cast(?1 as text[]))
                              and not exists (select 1 from run o where o.kind = r.kind and o.scope = r.scope
                                              and o.status = 'RUNNING')
                            order by r.created_at
                            limit 1
                            for update skip locked)
                        update run set status = 'RUNNING', owner = ?2, heartbeat_at = now(), started_at = now(),
                            attempts = attempts + 1, failure = null
                        from next where run.id = next.id
                        returning run.id""", UUID.class)
                        .setParameter(1, kinds.toArray(String[]::new)).setParameter(2, instance.id())
                        .getResultList();
                return claimed.isEmpty() ? Optional.<Run> empty() : Optional.of(Run.<Run> findById(claimed.get(0)));
            });
        } catch (PersistenceException e) {
            // another process started a run of the same kind and scope in the same instant: the unique index
            // refused the second; the queued run waits for the next round
            LOG.debugf("Claiming a queued run collided with another process: %s", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Takes the queued run {@code runId} for this process, if it is still queued and nothing of its kind and scope
     * runs.
     */
    public Optional<Run> claim(UUID runId) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                int claimed = em.createNativeQuery("""
                        update run set status = 'RUNNING', owner = ?2, heartbeat_at = now(), started_at = now(),
                            attempts = attempts + 1, failure = null
                        where id = ?1 and status = 'QUEUED'
                          and not exists (select 1 from run o where o.kind = run.kind and o.scope = run.scope
                                          and o.status = 'RUNNING')""")
                        .setParameter(1, runId).setParameter(2, instance.id()).executeUpdate();
                return claimed == 0 ? Optional.<Run> empty() : Optional.of(Run.<Run> findById(runId));
            });
        } catch (PersistenceException e) {
            LOG.debugf("Claiming run %s collided with another process: %s", runId, e.getMessage());
            return Optional.empty();
        }
    }

    /** Tells the database that this process still runs the runs it owns. */
    public int heartbeat() {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "update run set heartbeat_at = clock_timestamp() where owner = ?1 and status = 'RUNNING'")
                .setParameter(1, instance.id()).executeUpdate());
    }

    /**
     * Takes over runs whose owner's heartbeat is older than {@link RunsConfig#staleAfter()}: queued again or failed,
     * as their kind's handler says. Runs of live processes are never touched.
     *
     * @param handlers the handlers by kind; a stale run of a kind without one here is left for a process that has it
     * @return how many runs were queued again
     */
    public int recoverStale(Function<String, RunHandler> handlers) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> stale = em.createNativeQuery("""
                    select id, kind, owner, attempts, cast(heartbeat_at as text) from run
                    where status = 'RUNNING' and heartbeat_at < now() - make_interval(secs => ?1)
                    order by heartbeat_at
                    for update skip locked""")
                    .setParameter(1, (double) config.staleAfter().toMillis() / 1000).getResultList();
            int requeued = 0;
            for (Object[] row : stale) {
                UUID id = (UUID) row[0];
                RunHandler handler = handlers.apply((String) row[1]);
                if (handler == null) {
                    continue;
                }
                int attempts = ((Number) row[3]).intValue();
                if (handler.onStale() == RunHandler.StaleRunPolicy.RETRY && attempts < config.maxAttempts()) {
                    em.createNativeQuery("update run set status = 'QUEUED', owner = null, heartbeat_at = null "
                            + "where id = ?1").setParameter(1, id).executeUpdate();
                    LOG.warnf("Run %s (%s) lost its process %s (last heartbeat %s); queued again", id, row[1],
                            row[2], row[4]);
                    requeued++;
                } else {
                    handler.abandoned(id);
                    String reason = handler.onStale() == RunHandler.StaleRunPolicy.RETRY
                            ? "the processes running it stopped " + attempts + " times; import it again"
                            : "interrupted: the process running it (" + row[2] + ") stopped; nothing of it was "
                                    + "committed";
                    em.createNativeQuery("update run set status = 'FAILED', finished_at = now(), failure = ?2, "
                            + "owner = null where id = ?1").setParameter(1, id).setParameter(2, reason)
                            .executeUpdate();
                    LOG.warnf("Run %s (%s) lost its process %s (last heartbeat %s); failed", id, row[1], row[2],
                            row[4]);
                }
            }
            return requeued;
        });
    }

    /**
     * Records progress (and optionally the total and running counts), in the caller's transaction if there is
     * one, so that it commits with the work it describes. The heartbeat it writes is the time of this statement,
     * never earlier than the heartbeat thread's: {@code now()} would be the start of the caller's transaction, and
     * a batch that outlasts {@link RunsConfig#staleAfter()} would commit a heartbeat that is already stale.
     *
     * @throws RunLostException when this process no longer owns the run; the caller's transaction rolls back
     */
    @Transactional
    public void progress(UUID runId, long done, Long total, Map<String, Long> counts) {
        int updated = em.createNativeQuery("""
                update run set progress_done = ?3, progress_total = coalesce(?4, progress_total),
                    counts = coalesce(cast(?5 as jsonb), counts),
                    heartbeat_at = greatest(heartbeat_at, clock_timestamp())
                where id = ?1 and owner = ?2 and status = 'RUNNING'""")
                .setParameter(1, runId).setParameter(2, instance.id()).setParameter(3, done)
                .setParameter(4, total).setParameter(5, counts == null ? null : json(counts))
                .executeUpdate();
        if (updated == 0) {
            throw new RunLostException(runId);
        }
    }

    /**
     * Locks the run for the rest of the caller's transaction, proving that this process owns it: a transaction
     * that commits a run's effects (an export's new exported state) calls this first, so a run that another
     * process took over can never commit.
     *
     * @throws RunLostException when this process no longer owns the run
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockOwned(UUID runId) {
        List<?> owned = em.createNativeQuery(
                "select id from run where id = ?1 and owner = ?2 and status = 'RUNNING' for update")
                .setParameter(1, runId).setParameter(2, instance.id()).getResultList();
        if (owned.isEmpty()) {
            throw new RunLostException(runId);
        }
    }

    /**
     * Ends the run as {@code outcome} says, in the caller's transaction if there is one. A handler may end its run
     * itself in the transaction that commits its effects; the outcome it then returns finds the run finished and
     * changes nothing.
     *
     * @return false when the run was not open in this process (nothing was written)
     */
    @Transactional
    public boolean finish(UUID runId, RunOutcome outcome) {
        int updated = em.createNativeQuery("""
                update run set status = ?3, counts = cast(?4 as jsonb), failure = ?5, finished_at = now(),
                    owner = null
                where id = ?1 and owner = ?2 and status = 'RUNNING'""")
                .setParameter(1, runId).setParameter(2, instance.id()).setParameter(3, outcome.status().name())
                .setParameter(4, json(outcome.counts())).setParameter(5, outcome.failure())
                .executeUpdate();
        if (updated == 0) {
            Run run = Run.findById(runId);
            if (run != null && run.status.finished() && run.finishedAt != null) {
                // finished already, e.g. by a handler that ended the run in the transaction of its last effects
                return false;
            }
            LOG.warnf("Run %s was taken over by another process; its outcome here (%s) is dropped", runId,
                    outcome.status());
        }
        return updated == 1;
    }

    /** Fails a run that never started (a file refused at intake), in the caller's transaction if there is one. */
    @Transactional
    public Run recordFailed(NewRun spec, String reason) {
        insert(spec, RunStatus.QUEUED);
        em.createNativeQuery("update run set status = 'FAILED', failure = ?2, started_at = now(), "
                + "finished_at = now() where id = ?1").setParameter(1, spec.id()).setParameter(2, reason)
                .executeUpdate();
        return Run.findById(spec.id());
    }

    /** The run, or empty; in the caller's transaction if there is one. */
    @Transactional
    public Optional<Run> find(UUID runId) {
        return Run.findByIdOptional(runId);
    }

    /**
     * The run of {@code kind} with that id.
     *
     * @throws RunNotFoundException when there is none
     */
    @Transactional
    public Run require(String kind, UUID runId) {
        return Run.<Run> findByIdOptional(runId).filter(r -> r.kind.equals(kind))
                .orElseThrow(() -> new RunNotFoundException(kind, runId));
    }

    /** The newest runs of {@code kind}, newest first. */
    @Transactional
    public List<Run> recent(String kind, int limit) {
        return new ArrayList<>(Run.<Run> find("kind = ?1 order by createdAt desc", kind).page(0, limit).list());
    }

    /** The queued or running run of that kind and scope, or null. */
    private UUID active(String kind, String scope) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery("select id from run where kind = ?1 and scope = ?2 "
                + "and status in ('RUNNING', 'QUEUED') order by status = 'RUNNING' desc, created_at limit 1",
                UUID.class).setParameter(1, kind).setParameter(2, scope).getResultList();
        return ids.isEmpty() ? null : ids.get(0);
    }

    /** How long a run may go without a heartbeat. */
    public Duration staleAfter() {
        return config.staleAfter();
    }

    private static String json(Map<String, Long> counts) {
        try {
            return JSON.writeValueAsString(counts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
