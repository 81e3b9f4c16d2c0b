package dev.provhub.sync.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;

/**
 * Membership rows, read and written in sets with plain JDBC on the transaction's connection: a sync adds and
 * removes thousands at once. Callers flush Hibernate first when rows refer to users they have just persisted.
 */
@ApplicationScoped
public class Memberships {

    private final AgroalDataSource dataSource;

    Memberships(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every membership row of these users, by user. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, List<MembershipRow>> ofUsers(Collection<UUID> userIds) {
        var rows = new HashMap<UUID, List<MembershipRow>>();
        if (userIds.isEmpty()) {
            return rows;
        }
        query("select group_id, user_id, source from membership where user_id = any (?)", userIds.toArray(UUID[]::new),
                rs -> rows.computeIfAbsent(rs.getObject(2, UUID.class), id -> new ArrayList<>())
                        .add(new MembershipRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                                rs.getString(3))));
        return rows;
    }

    /** The users that have a row of one of these sources, with their Entra object id (or null). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, String> usersWithSources(Collection<String> sources) {
        var users = new HashMap<UUID, String>();
        if (sources.isEmpty()) {
            return users;
        }
        query("select distinct m.user_id, u.graph_id from membership m join app_user u on u.id = m.user_id "
                + "where m.source = any (?)", sources.toArray(String[]::new),
                rs -> users.put(rs.getObject(1, UUID.class), rs.getString(2)));
        return users;
    }

    /** The names of the groups each user is a member of, sorted. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, List<String>> groupNames(Collection<UUID> userIds) {
        var names = new HashMap<UUID, TreeSet<String>>();
        if (!userIds.isEmpty()) {
            query("select distinct m.user_id, g.name from membership m join app_group g on g.id = m.group_id "
                    + "where m.user_id = any (?)", userIds.toArray(UUID[]::new),
                    rs -> names.computeIfAbsent(rs.getObject(1, UUID.class), id -> new TreeSet<>())
                            .add(rs.getString(2)));
        }
        var result = new HashMap<UUID, List<String>>();
        userIds.forEach(id -> result.put(id, List.copyOf(names.getOrDefault(id, new TreeSet<>()))));
        return result;
    }

    /** How many distinct members each group has. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, Integer> memberCounts(Collection<UUID> groupIds) {
        var counts = new HashMap<UUID, Integer>();
        if (!groupIds.isEmpty()) {
            query("select group_id, count(distinct user_id) from membership where group_id = any (?) group by group_id",
                    groupIds.toArray(UUID[]::new), rs -> counts.put(rs.getObject(1, UUID.class), rs.getInt(2)));
        }
        return counts;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(Collection<MembershipRow> rows) {
        batch("insert into membership (group_id, user_id, source) values (?, ?, ?) on conflict do nothing", rows);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void remove(Collection<MembershipRow> rows) {
        batch("delete from membership where group_id = ? and user_id = ? and source = ?", rows);
    }

    private void batch(String sql, Collection<MembershipRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (MembershipRow row : rows) {
                st.setObject(1, row.groupId());
                st.setObject(2, row.userId());
                st.setString(3, row.source());
                st.addBatch();
            }
            st.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("could not write " + rows.size() + " memberships", e);
        }
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Object[] array, RowReader reader) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            String type = array instanceof UUID[] ? "uuid" : "text";
            st.setArray(1, c.createArrayOf(type, array));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read memberships", e);
        }
    }
}
