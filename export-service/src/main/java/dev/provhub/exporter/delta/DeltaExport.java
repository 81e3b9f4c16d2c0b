package dev.provhub.exporter.delta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.provhub.exporter.delta.DeltaDecision.Action;
import dev.provhub.exporter.delta.DeltaDecision.Kind;
import dev.provhub.exporter.files.ExportFiles;
import dev.provhub.exporter.member.MemberValues;
import dev.provhub.runs.RunItem;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Finds what an export must send: the members changed since the last committed export, and those withheld before,
 * each decided by {@link DeltaDecision} against what was last exported for it. Lines go to the run's files and the
 * exported state they will make is staged, to be committed by {@link ExportedState} once the files are uploaded.
 * The cost follows the number of changes, not the number of members.
 */
@ApplicationScoped
public class DeltaExport {

    private static final int CHUNK = 1_000;

    private final AgroalDataSource dataSource;

    DeltaExport(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What one examination found. */
    public static final class Result {
        private final Map<Kind, Long> counts = new EnumMap<>(Kind.class);
        private final List<RunItem> withheld = new ArrayList<>();
        private long upto;

        public long upto() {
            return upto;
        }

        public long count(Kind kind) {
            return counts.getOrDefault(kind, 0L);
        }

        public List<RunItem> withheld() {
            return withheld;
        }

        /** The counts by kind as a run reports them ({@code new}, {@code updated}, {@code removed}, ...). */
        public Map<String, Long> counts() {
            var named = new java.util.LinkedHashMap<String, Long>();
            for (Kind kind : Kind.values()) {
                named.put(kind.name().toLowerCase(java.util.Locale.ROOT), count(kind));
            }
            return named;
        }
    }

    /** Receives progress: members examined so far, of how many. */
    public interface Progress {
        void examined(long done, long total);
    }

    /**
     * Examines every member changed up to now, writes the lines to {@code files} and stages the result under
     * {@code runId}.
     */
    public Result examine(UUID runId, ExportFiles files, Progress progress) {
        var result = new Result();
        QuarkusTransaction.requiringNew().timeout(3600).run(() -> {
            try (Connection c = dataSource.getConnection()) {
                long from = single(c, "select change_seq from export_watermark where id = 1");
                result.upto = single(c, "select coalesce(max(change_seq), 0) from member");
                long total = count(c, from, result.upto);
                progress.examined(0, total);
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
                    st.setLong(2, result.upto);
                    try (ResultSet rs = st.executeQuery()) {
                        var chunk = new ArrayList<DeltaDecision.Member>(CHUNK);
                        long done = 0;
                        while (rs.next()) {
                            chunk.add(member(rs));
                            if (chunk.size() == CHUNK) {
                                decideChunk(c, runId, chunk, files, result);
                                done += chunk.size();
                                progress.examined(done, total);
                                chunk.clear();
                            }
                        }
                        decideChunk(c, runId, chunk, files, result);
                        progress.examined(done + chunk.size(), total);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("reading the changed members failed: " + e.getMessage(), e);
            }
        });
        return result;
    }

    private static long count(Connection c, long from, long upto) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select count(*) from member "
                + "where (change_seq > ? and change_seq <= ?) or withheld_reason is not null")) {
            st.setLong(1, from);
            st.setLong(2, upto);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void decideChunk(Connection c, UUID runId, List<DeltaDecision.Member> chunk, ExportFiles files,
            Result result) throws SQLException {
        if (chunk.isEmpty()) {
            return;
        }
        Map<UUID, DeltaDecision.Exported> byUser = new HashMap<>();
        Map<String, DeltaDecision.Exported> byNumber = new HashMap<>();
        try (PreparedStatement st = c.prepareStatement("select user_id, membernumber, line from exported_member "
                + "where user_id = any (?) or membernumber = any (?)")) {
            st.setArray(1, c.createArrayOf("uuid", chunk.stream().map(DeltaDecision.Member::userId).toArray()));
            st.setArray(2, c.createArrayOf("text", chunk.stream().map(m -> m.values().membernumber())
                    .filter(Objects::nonNull).toArray()));
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
                    stage(stage, runId, "CLEAR", null, member.userId(), null, null);
                }
                for (Action action : actions) {
                    result.counts.merge(action.kind(), 1L, Long::sum);
                    if (action.kind() == Kind.WITHHELD) {
                        result.withheld.add(new RunItem(null, action.membernumber(), "withheld", action.reason(),
                                "user " + action.userId()));
                        stage(stage, runId, "WITHHELD", action.membernumber(), action.userId(), null,
                                action.reason());
                        continue;
                    }
                    write(files, action);
                    stage(stage, runId, action.kind().name(), action.membernumber(), action.userId(), action.line(),
                            null);
                }
            }
            stage.executeBatch();
        }
    }

    private static void write(ExportFiles files, Action action) {
        try {
            files.write(action.kind(), action.line());
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + files.name(action.kind()) + " failed", e);
        }
    }

    private static void stage(PreparedStatement stage, UUID runId, String action, String membernumber, UUID userId,
            String line, String reason) throws SQLException {
        stage.setObject(1, runId);
        stage.setString(2, action);
        stage.setString(3, membernumber);
        stage.setObject(4, userId);
        stage.setString(5, line);
        stage.setString(6, reason);
        stage.addBatch();
    }

    private static DeltaDecision.Member member(ResultSet rs) throws SQLException {
        return new DeltaDecision.Member(rs.getObject(1, UUID.class), rs.getBoolean(2),
                new MemberValues(rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8), rs.getBoolean(9), rs.getBoolean(10)));
    }

    static long single(Connection c, String sql) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
