package dev.provhub.exporter.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import dev.provhub.exporter.ExportConfig;
import dev.provhub.exporter.files.ExportUpload;
import dev.provhub.exporter.member.MemberValues;
import dev.provhub.exporter.run.DeltaDecision.Action;
import dev.provhub.exporter.run.DeltaDecision.Kind;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Runs one export: reads the members changed since the last export (and those withheld before), decides each by
 * {@link DeltaDecision}, streams the three files, uploads them, and only then moves the exported state on. A failed
 * upload commits nothing, so the next run sends everything still pending; a dry run writes the files and stops.
 * The cost follows the number of changes, not the number of members.
 */
@ApplicationScoped
public class ExportRunner {

    private static final Logger LOG = Logger.getLogger(ExportRunner.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final int CHUNK = 1_000;
    private static final Map<Kind, String> PREFIX = Map.of(Kind.NEW, "Uudet", Kind.UPDATED, "Muokatut",
            Kind.REMOVED, "Poistetut");

    private final AgroalDataSource dataSource;
    private final EntityManager em;
    private final ExportUpload upload;
    private final ExportConfig config;
    private final MeterRegistry registry;

    ExportRunner(AgroalDataSource dataSource, EntityManager em, ExportUpload upload, ExportConfig config,
            MeterRegistry registry) {
        this.dataSource = dataSource;
        this.em = em;
        this.upload = upload;
        this.config = config;
        this.registry = registry;
    }

    public Path outputDir() {
        return Path.of(config.outputDir().orElse(System.getProperty("java.io.tmpdir") + "/provhub-export"));
    }

    /**
     * Records a new running export.
     *
     * @throws ExportAlreadyRunningException when another export (on any replica) is running
     */
    public ExportRun start(String trigger, boolean dryRun, String requestedBy) {
        var run = new ExportRun();
        run.id = UUID.randomUUID();
        run.status = ExportStatus.RUNNING;
        run.dryRun = dryRun;
        run.trigger = trigger;
        run.requestedBy = requestedBy;
        run.createdAt = Instant.now();
        try {
            QuarkusTransaction.requiringNew().run(() -> em.persist(run));
        } catch (RuntimeException e) {
            UUID running = runningId();
            if (running != null) {
                throw new ExportAlreadyRunningException(running);
            }
            throw e;
        }
        return run;
    }

    private UUID runningId() {
        return QuarkusTransaction.requiringNew().call(() -> em
                .createQuery("select r.id from ExportRun r where r.status = :s", UUID.class)
                .setParameter("s", ExportStatus.RUNNING).getResultStream().findFirst().orElse(null));
    }

    /** Runs a started export to its end; returns it finished. */
    public ExportRun run(UUID runId) {
        MDC.put("run", runId.toString());
        Timer.Sample started = Timer.start(registry);
        ExportRun run = QuarkusTransaction.requiringNew().call(() -> em.find(ExportRun.class, runId));
        var counts = new EnumMap<Kind, Long>(Kind.class);
        var withheld = new ArrayList<ExportRun.Withheld>();
        var files = new LinkedHashMap<Kind, Path>();
        try {
            Files.createDirectories(outputDir());
            // file names carry the second; a second run within the same second takes the next free one
            var at = run.createdAt.atZone(ZoneId.of(config.zone()));
            while (true) {
                String stamp = STAMP.format(at);
                for (Kind kind : List.of(Kind.NEW, Kind.UPDATED, Kind.REMOVED)) {
                    files.put(kind, outputDir().resolve(PREFIX.get(kind) + "_" + stamp + ".csv"));
                }
                if (files.values().stream().noneMatch(Files::exists)) {
                    break;
                }
                at = at.plusSeconds(1);
            }
            long upto = examine(run, files, counts, withheld);
            List<ExportRun.ExportFile> written = describe(files, counts, false, null);
            if (run.dryRun) {
                discardStaged(runId);
                return finish(runId, ExportStatus.COMPLETED, upto, counts, written, withheld, null, started);
            }
            if (!upload.configured()) {
                discardStaged(runId);
                return finish(runId, ExportStatus.FAILED, upto, counts, written, withheld,
                        "no FTPS server is configured (provhub.export.ftps.url); the files were written only",
                        started);
            }
            List<Path> toSend = files.entrySet().stream().filter(e -> counts.getOrDefault(e.getKey(), 0L) > 0)
                    .map(Map.Entry::getValue).toList();
            try {
                upload.upload(toSend);
            } catch (ExportUpload.UploadException e) {
                registry.counter("provhub.export.upload.failures").increment();
                discardStaged(runId);
                return finish(runId, ExportStatus.FAILED, upto, counts, written, withheld,
                        "upload failed: " + e.getMessage() + "; nothing was committed, the next run sends it all",
                        started);
            }
            commit(runId, upto);
            counts.forEach((kind, n) -> registry.counter("provhub.export.rows", "kind", kind.name().toLowerCase())
                    .increment(n));
            return finish(runId, ExportStatus.COMPLETED, upto, counts,
                    describe(files, counts, true, "empty: not uploaded"), withheld, null, started);
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.errorf(e, "Export %s failed", runId);
            discardStaged(runId);
            return finish(runId, ExportStatus.FAILED, null, counts, describe(files, counts, false, null), withheld,
                    "the export failed: " + e.getMessage(), started);
        } finally {
            MDC.remove("run");
        }
    }

    /** Reads the changed members in member-number order, writes the files and stages the new exported state. */
    private long examine(ExportRun run, Map<Kind, Path> files, Map<Kind, Long> counts,
            List<ExportRun.Withheld> withheld) throws IOException, SQLException {
        var writers = new EnumMap<Kind, BufferedWriter>(Kind.class);
        try {
            for (var file : files.entrySet()) {
                writers.put(file.getKey(), Files.newBufferedWriter(file.getValue(), StandardCharsets.UTF_8));
            }
            return QuarkusTransaction.requiringNew().timeout(3600).call(() -> {
                try (Connection c = dataSource.getConnection()) {
                    long from = single(c, "select change_seq from export_watermark where id = 1");
                    long upto = single(c, "select coalesce(max(change_seq), 0) from member");
                    try (PreparedStatement st = c.prepareStatement("""
                            select user_id, deleted, membernumber, upn, firstname, lastname, email, postalcode,
                                   is_suspended, is_o365_suspended
                            from member where change_seq > ? and change_seq <= ?
                            union
                            select user_id, deleted, membernumber, upn, firstname, lastname, email, postalcode,
                                   is_suspended, is_o365_suspended
                            from member where withheld_reason is not null
                            order by 3 nulls first, 1""")) {
                        st.setFetchSize(CHUNK);
                        st.setLong(1, from);
                        st.setLong(2, upto);
                        try (ResultSet rs = st.executeQuery()) {
                            var chunk = new ArrayList<DeltaDecision.Member>(CHUNK);
                            while (rs.next()) {
                                chunk.add(member(rs));
                                if (chunk.size() == CHUNK) {
                                    decideChunk(c, run.id, chunk, writers, counts, withheld);
                                    chunk.clear();
                                }
                            }
                            decideChunk(c, run.id, chunk, writers, counts, withheld);
                        }
                    }
                    return upto;
                }
            });
        } finally {
            for (BufferedWriter writer : writers.values()) {
                writer.close();
            }
        }
    }

    private void decideChunk(Connection c, UUID runId, List<DeltaDecision.Member> chunk,
            Map<Kind, BufferedWriter> writers, Map<Kind, Long> counts, List<ExportRun.Withheld> withheld)
            throws SQLException, IOException {
        if (chunk.isEmpty()) {
            return;
        }
        Map<UUID, DeltaDecision.Exported> byUser = new HashMap<>();
        Map<String, DeltaDecision.Exported> byNumber = new HashMap<>();
        try (PreparedStatement st = c.prepareStatement("select user_id, membernumber, line from exported_member "
                + "where user_id = any (?) or membernumber = any (?)")) {
            st.setArray(1, c.createArrayOf("uuid", chunk.stream().map(DeltaDecision.Member::userId).toArray()));
            st.setArray(2, c.createArrayOf("text", chunk.stream().map(m -> m.values().membernumber())
                    .filter(java.util.Objects::nonNull).toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    var exported = new DeltaDecision.Exported(rs.getObject(1, UUID.class), rs.getString(2),
                            rs.getString(3));
                    byUser.put(exported.userId(), exported);
                    byNumber.put(exported.membernumber(), exported);
                }
            }
        }
        try (PreparedStatement stage = c.prepareStatement("insert into export_staged (run_id, action, membernumber, "
                + "user_id, line, reason) values (?, ?, ?, ?, ?, ?)")) {
            for (DeltaDecision.Member member : chunk) {
                List<Action> actions = DeltaDecision.decide(member, byUser.get(member.userId()),
                        member.values().membernumber() == null ? null : byNumber.get(member.values().membernumber()));
                if (actions.stream().noneMatch(a -> a.kind() == Kind.WITHHELD)) {
                    // examined and fine: a reason from an earlier run no longer holds
                    addStage(stage, runId, "CLEAR", null, member.userId(), null, null);
                }
                for (Action action : actions) {
                    counts.merge(action.kind(), 1L, Long::sum);
                    if (action.kind() == Kind.WITHHELD) {
                        withheld.add(new ExportRun.Withheld(action.userId(), action.membernumber(), action.reason()));
                        addStage(stage, runId, "WITHHELD", action.membernumber(), action.userId(), null,
                                action.reason());
                        continue;
                    }
                    BufferedWriter writer = writers.get(action.kind());
                    writer.write(action.line());
                    writer.write('\n');
                    addStage(stage, runId, action.kind().name(), action.membernumber(), action.userId(),
                            action.line(), null);
                }
            }
            stage.executeBatch();
        }
    }

    private static void addStage(PreparedStatement stage, UUID runId, String action, String membernumber,
            UUID userId, String line, String reason) throws SQLException {
        stage.setObject(1, runId);
        stage.setString(2, action);
        stage.setString(3, membernumber);
        stage.setObject(4, userId);
        stage.setString(5, line);
        stage.setString(6, reason);
        stage.addBatch();
    }

    /** Moves the exported state to what the uploaded files said, in one transaction. */
    private void commit(UUID runId, long upto) {
        QuarkusTransaction.requiringNew().timeout(3600).run(() -> {
            try (Connection c = dataSource.getConnection()) {
                update(c, "delete from exported_member e using export_staged s where s.run_id = ? "
                        + "and s.action = 'REMOVED' and e.membernumber = s.membernumber and e.user_id = s.user_id",
                        runId);
                update(c, """
                        insert into exported_member (membernumber, user_id, line, exported_at, run_id)
                        select membernumber, user_id, line, now(), run_id from export_staged
                        where run_id = ? and action in ('NEW', 'UPDATED')
                        on conflict (membernumber) do update set user_id = excluded.user_id, line = excluded.line,
                            exported_at = excluded.exported_at, run_id = excluded.run_id""", runId);
                update(c, "update member m set withheld_reason = null from export_staged s where s.run_id = ? "
                        + "and s.action = 'CLEAR' and m.user_id = s.user_id and m.withheld_reason is not null",
                        runId);
                update(c, "update member m set withheld_reason = s.reason from export_staged s where s.run_id = ? "
                        + "and s.action = 'WITHHELD' and m.user_id = s.user_id", runId);
                try (PreparedStatement st = c.prepareStatement(
                        "update export_watermark set change_seq = ?, updated_at = now() where id = 1")) {
                    st.setLong(1, upto);
                    st.executeUpdate();
                }
                update(c, "delete from export_staged where run_id = ?", runId);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void discardStaged(UUID runId) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("delete from export_staged where run_id = ?1")
                .setParameter(1, runId).executeUpdate());
    }

    private ExportRun finish(UUID runId, ExportStatus status, Long upto, Map<Kind, Long> counts,
            List<ExportRun.ExportFile> files, List<ExportRun.Withheld> withheld, String failure,
            Timer.Sample started) {
        started.stop(registry.timer("provhub.export.run.duration", "status", status.name().toLowerCase()));
        return QuarkusTransaction.requiringNew().call(() -> {
            ExportRun run = em.find(ExportRun.class, runId);
            run.status = status;
            run.uptoSeq = upto;
            var named = new LinkedHashMap<String, Long>();
            for (Kind kind : Kind.values()) {
                named.put(kind.name().toLowerCase(), counts.getOrDefault(kind, 0L));
            }
            run.counts = named;
            run.files = List.copyOf(files);
            run.withheld = List.copyOf(withheld);
            run.failure = failure;
            run.finishedAt = Instant.now();
            if (status == ExportStatus.FAILED) {
                LOG.warnf("Export %s failed: %s", runId, failure);
            }
            return run;
        });
    }

    private static List<ExportRun.ExportFile> describe(Map<Kind, Path> files, Map<Kind, Long> counts,
            boolean uploaded, String emptyNote) {
        var described = new ArrayList<ExportRun.ExportFile>();
        for (var file : files.entrySet()) {
            long rows = counts.getOrDefault(file.getKey(), 0L);
            long bytes = size(file.getValue());
            boolean sent = uploaded && rows > 0;
            described.add(new ExportRun.ExportFile(file.getValue().getFileName().toString(),
                    file.getKey().name().toLowerCase(), rows, bytes, sent, rows == 0 ? emptyNote : null));
        }
        return described;
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static DeltaDecision.Member member(ResultSet rs) throws SQLException {
        return new DeltaDecision.Member(rs.getObject(1, UUID.class), rs.getBoolean(2),
                new MemberValues(rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8), rs.getBoolean(9), rs.getBoolean(10)));
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void update(Connection c, String sql, UUID runId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, runId);
            st.executeUpdate();
        }
    }
}
