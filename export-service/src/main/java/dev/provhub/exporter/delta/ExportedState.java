package dev.provhub.exporter.delta;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.provhub.exporter.member.MemberValues;
import io.agroal.api.AgroalDataSource;

/**
 * What Office 365 has: the row last exported for each member number, and the watermark of the changes it
 * includes. It moves only when a run's files have reached the server ({@link #commit}), or when an administrator
 * sets a baseline.
 */
@ApplicationScoped
public class ExportedState {

    private final AgroalDataSource dataSource;

    ExportedState(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Applies what run {@code runId} staged and moves the watermark to {@code upto}, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void commit(UUID runId, long upto) {
        try (Connection c = dataSource.getConnection()) {
            update(c, "delete from exported_member e using export_staged s where s.run_id = ? "
                    + "and s.action = 'REMOVED' and e.membernumber = s.membernumber and e.user_id = s.user_id", runId);
            update(c, """
                    insert into exported_member (membernumber, user_id, line, exported_at, run_id)
                    select membernumber, user_id, line, now(), run_id from export_staged
                    where run_id = ? and action in ('NEW', 'UPDATED')
                    on conflict (membernumber) do update set user_id = excluded.user_id, line = excluded.line,
                        exported_at = excluded.exported_at, run_id = excluded.run_id""", runId);
            update(c, "update member m set withheld_reason = null from export_staged s where s.run_id = ? "
                    + "and s.action = 'CLEAR' and m.user_id = s.user_id and m.withheld_reason is not null", runId);
            update(c, "update member m set withheld_reason = s.reason from export_staged s where s.run_id = ? "
                    + "and s.action = 'WITHHELD' and m.user_id = s.user_id", runId);
            moveWatermark(c, upto);
            update(c, "delete from export_staged where run_id = ?", runId);
        } catch (SQLException e) {
            throw new IllegalStateException("committing export " + runId + " failed: " + e.getMessage(), e);
        }
    }

    /** Forgets what run {@code runId} staged (a dry run, a failed upload, an abandoned run). */
    @Transactional
    public void discard(UUID runId) {
        try (Connection c = dataSource.getConnection()) {
            update(c, "delete from export_staged where run_id = ?", runId);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Replaces the exported state with the members as they are now, in the caller's transaction: what moving over
     * from the old scripts needs, so that not everyone is sent again. Members the format cannot carry are left out;
     * the lines are written by {@link MemberValues#line()}, the one place the format is defined.
     *
     * @return how many members are now in the exported state
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long baseline(UUID runId) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement clear = c.prepareStatement("delete from exported_member")) {
                clear.executeUpdate();
            }
            long count = 0;
            try (PreparedStatement read = c.prepareStatement("""
                    select distinct on (membernumber) membernumber, upn, firstname, lastname, email, postalcode,
                        is_suspended, is_o365_suspended, user_id
                    from member
                    where not deleted and upn is not null and membernumber is not null
                    order by membernumber, change_seq desc""");
                    PreparedStatement write = c.prepareStatement("insert into exported_member (membernumber, "
                            + "user_id, line, exported_at, run_id) values (?, ?, ?, now(), ?)")) {
                read.setFetchSize(1_000);
                try (ResultSet rs = read.executeQuery()) {
                    int batched = 0;
                    while (rs.next()) {
                        var values = new MemberValues(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getBoolean(7), rs.getBoolean(8));
                        if (values.unwritable() != null) {
                            continue;
                        }
                        write.setString(1, values.membernumber());
                        write.setObject(2, rs.getObject(9, UUID.class));
                        write.setString(3, values.line());
                        write.setObject(4, runId);
                        write.addBatch();
                        count++;
                        if (++batched == 1_000) {
                            write.executeBatch();
                            batched = 0;
                        }
                    }
                    write.executeBatch();
                }
            }
            moveWatermark(c, DeltaExport.single(c, "select coalesce(max(change_seq), 0) from member"));
            return count;
        } catch (SQLException e) {
            throw new IllegalStateException("setting the baseline failed: " + e.getMessage(), e);
        }
    }

    private static void moveWatermark(Connection c, long upto) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "update export_watermark set change_seq = ?, updated_at = now() where id = 1")) {
            st.setLong(1, upto);
            st.executeUpdate();
        }
    }

    private static void update(Connection c, String sql, UUID runId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, runId);
            st.executeUpdate();
        }
    }
}
