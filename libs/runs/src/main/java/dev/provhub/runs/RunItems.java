package dev.provhub.runs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The items of runs: rejected rows, skipped users, withheld members. At most {@code provhub.runs.max-items-per-run}
 * are kept per run, so a file of a million bad rows cannot fill the database; the run's counts still count every
 * one.
 */
@ApplicationScoped
public class RunItems {

    private final AgroalDataSource dataSource;
    private final int maxPerRun;

    RunItems(AgroalDataSource dataSource, RunsConfig config) {
        this.dataSource = dataSource;
        this.maxPerRun = config.maxItemsPerRun();
    }

    /** Adds items to the run, in a transaction of their own (they outlive a rolled-back batch). */
    public void add(UUID runId, List<RunItem> items) {
        if (items.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection()) {
                long stored = count(c, runId);
                int room = (int) Math.max(0, Math.min(items.size(), maxPerRun - stored));
                if (room == 0) {
                    return;
                }
                try (PreparedStatement st = c.prepareStatement("insert into run_item (run_id, line, item_key, kind, "
                        + "reason, detail) values (?, ?, ?, ?, ?, ?)")) {
                    for (RunItem item : items.subList(0, room)) {
                        st.setObject(1, runId);
                        if (item.line() == null) {
                            st.setNull(2, Types.BIGINT);
                        } else {
                            st.setLong(2, item.line());
                        }
                        st.setString(3, item.key());
                        st.setString(4, item.kind());
                        st.setString(5, item.reason());
                        st.setString(6, item.detail());
                        st.addBatch();
                    }
                    st.executeBatch();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not record the items of run " + runId, e);
            }
        });
    }

    /** The run's items in the order of their lines, then of their recording. */
    public List<RunItem> list(UUID runId) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement st = c.prepareStatement("select line, item_key, kind, reason, detail "
                            + "from run_item where run_id = ? order by line nulls last, seq")) {
                st.setObject(1, runId);
                try (ResultSet rs = st.executeQuery()) {
                    var items = new ArrayList<RunItem>();
                    while (rs.next()) {
                        long line = rs.getLong(1);
                        items.add(new RunItem(rs.wasNull() ? null : line, rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5)));
                    }
                    return items;
                }
            }
        });
    }

    /** Forgets the run's items (a run that starts again reports afresh), in the caller's transaction if any. */
    public void clear(UUID runId) {
        QuarkusTransaction.joiningExisting().run(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement st = c.prepareStatement("delete from run_item where run_id = ?")) {
                st.setObject(1, runId);
                st.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static long count(Connection c, UUID runId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select count(*) from run_item where run_id = ?")) {
            st.setObject(1, runId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
