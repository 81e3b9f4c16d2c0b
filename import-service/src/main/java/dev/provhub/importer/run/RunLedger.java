package dev.provhub.importer.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Records runs and their reports. Writes that must survive a rolled-back (dry-run or failed) batch use a
 * transaction of their own.
 */
@ApplicationScoped
public class RunLedger {

    private final EntityManager em;
    private final int maxReportedRows;

    RunLedger(EntityManager em,
            @ConfigProperty(name = "provhub.import.max-reported-rows", defaultValue = "10000") int maxReportedRows) {
        this.em = em;
        this.maxReportedRows = maxReportedRows;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public ImportRun create(ImportRun run) {
        run.id = run.id == null ? UUID.randomUUID() : run.id;
        run.status = RunStatus.QUEUED;
        run.createdAt = Instant.now();
        em.persist(run);
        return run;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public ImportRun find(UUID id) {
        return em.find(ImportRun.class, id);
    }

    /** Marks the run started, forgetting what an interrupted earlier attempt had counted. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public ImportRun start(UUID id) {
        ImportRun run = em.find(ImportRun.class, id);
        run.status = RunStatus.RUNNING;
        run.startedAt = Instant.now();
        run.rowsDone = 0;
        run.counts = Map.of();
        run.failure = null;
        em.createNativeQuery("delete from import_row_error where run_id = ?1").setParameter(1, id).executeUpdate();
        return run;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void scanned(UUID id, long rowsTotal, List<String> ignoredColumns) {
        ImportRun run = em.find(ImportRun.class, id);
        run.rowsTotal = rowsTotal;
        run.ignoredColumns = List.copyOf(ignoredColumns);
    }

    /** Progress in the caller's transaction, so it commits with the batch it describes. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void progress(UUID id, long rowsDone, Map<String, Long> counts) {
        em.createNativeQuery("update import_run set rows_done = ?1, counts = cast(?2 as jsonb) where id = ?3")
                .setParameter(1, rowsDone)
                .setParameter(2, json(counts))
                .setParameter(3, id)
                .executeUpdate();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void finish(UUID id, RunStatus status, long rowsDone, Map<String, Long> counts, String failure) {
        ImportRun run = em.find(ImportRun.class, id);
        run.status = status;
        run.rowsDone = rowsDone;
        run.counts = Map.copyOf(counts);
        run.failure = failure;
        run.finishedAt = Instant.now();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void report(UUID runId, List<RowReport> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Number stored = (Number) em.createNativeQuery("select count(*) from import_row_error where run_id = ?1")
                .setParameter(1, runId).getSingleResult();
        int room = maxReportedRows - stored.intValue();
        for (RowReport row : rows.subList(0, Math.max(0, Math.min(room, rows.size())))) {
            em.createNativeQuery("""
                    insert into import_row_error (run_id, line, kind, reason, raw) values (?1, ?2, ?3, ?4, ?5)
                    on conflict (run_id, line) do update set kind = excluded.kind, reason = excluded.reason,
                        raw = excluded.raw""")
                    .setParameter(1, runId).setParameter(2, row.line()).setParameter(3, row.kind())
                    .setParameter(4, row.reason()).setParameter(5, row.row())
                    .executeUpdate();
        }
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<RowReport> reports(UUID runId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                "select line, kind, reason, raw from import_row_error where run_id = ?1 order by line")
                .setParameter(1, runId).getResultList();
        var reports = new ArrayList<RowReport>(rows.size());
        for (Object[] row : rows) {
            reports.add(new RowReport(((Number) row[0]).longValue(), (String) row[1], (String) row[2],
                    (String) row[3]));
        }
        return reports;
    }

    /** Runs a crash left unfinished, oldest first. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<UUID> unfinished() {
        return em.createQuery("select r.id from ImportRun r where r.status in (:queued, :running) "
                + "order by r.createdAt", UUID.class)
                .setParameter("queued", RunStatus.QUEUED).setParameter("running", RunStatus.RUNNING)
                .getResultList();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<ImportRun> recent(int limit) {
        return em.createQuery("from ImportRun order by createdAt desc", ImportRun.class).setMaxResults(limit)
                .getResultList();
    }

    private static String json(Map<String, Long> counts) {
        var json = new StringBuilder("{");
        counts.forEach((name, n) -> json.append(json.length() > 1 ? "," : "").append('"').append(name)
                .append("\":").append(n));
        return json.append('}').toString();
    }
}
