package dev.provhub.exporter.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import dev.provhub.exporter.ExportConfig;
import dev.provhub.outbox.OncePerSchedule;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * Starts exports (daily on a schedule, on demand, from the command), marks exports a crash interrupted as failed,
 * sets a baseline, and deletes old files. At most one export runs at a time across replicas.
 */
@ApplicationScoped
public class ExportService {

    private static final Logger LOG = Logger.getLogger(ExportService.class);

    private final ExportRunner runner;
    private final OncePerSchedule once;
    private final EntityManager em;
    private final ExportConfig config;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "export-runner");
        thread.setDaemon(true);
        return thread;
    });

    ExportService(ExportRunner runner, OncePerSchedule once, EntityManager em, ExportConfig config) {
        this.runner = runner;
        this.once = once;
        this.em = em;
        this.config = config;
    }

    void recover(@Observes StartupEvent startup) {
        int interrupted = QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("delete from export_staged s where exists (select 1 from export_run r "
                    + "where r.id = s.run_id and r.status = 'RUNNING')").executeUpdate();
            return em.createNativeQuery("update export_run set status = 'FAILED', finished_at = now(), failure = "
                    + "'interrupted: the service stopped during the run; nothing was committed' "
                    + "where status = 'RUNNING'").executeUpdate();
        });
        if (interrupted > 0) {
            LOG.warnf("%d export run(s) were interrupted by a stop; their changes are still pending", interrupted);
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        executor.shutdownNow();
    }

    @Scheduled(cron = "${provhub.export.cron:0 0 3 * * ?}", identity = "daily-export", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void daily(ScheduledExecution execution) {
        if (once.claim("daily-export", execution.getScheduledFireTime())) {
            try {
                runNow("schedule", false, null);
            } catch (ExportAlreadyRunningException e) {
                LOG.warnf("The daily export did not start: %s", e.getMessage());
            }
            deleteOldFiles();
        }
    }

    /** Starts an export in the background and returns it (running). */
    public ExportRun start(String trigger, boolean dryRun, String requestedBy) {
        ExportRun run = runner.start(trigger, dryRun, requestedBy);
        executor.submit(() -> runWithContext(run.id));
        return run;
    }

    /** Runs an export here and now and returns it finished. */
    public ExportRun runNow(String trigger, boolean dryRun, String requestedBy) {
        ExportRun run = runner.start(trigger, dryRun, requestedBy);
        return runWithContext(run.id);
    }

    public Future<ExportRun> submit(UUID runId) {
        return executor.submit(() -> runWithContext(runId));
    }

    @ActivateRequestContext
    ExportRun runWithContext(UUID runId) {
        return runner.run(runId);
    }

    /**
     * Marks what the members are now as already exported, without files: for moving over from the old scripts
     * without sending everyone again. Members the format cannot carry are left out.
     *
     * @return how many members are now in the exported state
     */
    public long baseline() {
        ExportRun guard = runner.start("baseline", false, null);
        try {
            return QuarkusTransaction.requiringNew().timeout(3600).call(() -> {
                em.createNativeQuery("delete from exported_member").executeUpdate();
                em.createNativeQuery("""
                        insert into exported_member (membernumber, user_id, line, exported_at, run_id)
                        select distinct on (membernumber) membernumber, user_id,
                            concat_ws(',', coalesce(membernumber, 'NULL'), coalesce(upn, 'NULL'),
                                coalesce(firstname, 'NULL'), coalesce(lastname, 'NULL'), coalesce(email, 'NULL'),
                                coalesce(postalcode, 'NULL'), case when is_suspended then '1' else '0' end,
                                case when is_o365_suspended then '1' else '0' end), now(), ?1
                        from member
                        where not deleted and upn is not null and membernumber is not null
                          and concat(membernumber, upn, firstname, lastname, email, postalcode) !~ '[,\\r\\n]'
                          and 'NULL' not in (membernumber, upn, coalesce(firstname, ''), coalesce(lastname, ''),
                              coalesce(email, ''), coalesce(postalcode, ''))
                        order by membernumber, change_seq desc""").setParameter(1, guard.id).executeUpdate();
                em.createNativeQuery("update export_watermark set change_seq = (select coalesce(max(change_seq), 0) "
                        + "from member), updated_at = now() where id = 1").executeUpdate();
                em.createNativeQuery("update export_run set status = 'COMPLETED', finished_at = now() where id = ?1")
                        .setParameter(1, guard.id).executeUpdate();
                return ((Number) em.createNativeQuery("select count(*) from exported_member").getSingleResult())
                        .longValue();
            });
        } catch (RuntimeException e) {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update export_run set status = 'FAILED', "
                    + "finished_at = now(), failure = 'baseline failed' where id = ?1").setParameter(1, guard.id)
                    .executeUpdate());
            throw e;
        }
    }

    /** Deletes written files older than the retention; returns how many. */
    public int deleteOldFiles() {
        Path dir = runner.outputDir();
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        Instant cutoff = Instant.now().minus(config.fileRetention().toMillis(), ChronoUnit.MILLIS);
        int deleted = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    Files.delete(file);
                    deleted++;
                }
            }
        } catch (IOException e) {
            LOG.errorf(e, "Could not clean the export folder %s", dir);
        }
        return deleted;
    }

    public List<ExportRun> recent(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> em
                .createQuery("from ExportRun order by createdAt desc", ExportRun.class).setMaxResults(limit)
                .getResultList());
    }

    public ExportRun find(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> em.find(ExportRun.class, id));
    }
}
