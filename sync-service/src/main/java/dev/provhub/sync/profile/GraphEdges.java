package dev.provhub.sync.profile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.provhub.sync.run.RootGroup;
import io.agroal.api.AgroalDataSource;

/**
 * What a profile remembers of the Office 365 groups it follows: its roots and the members of every followed group
 * (users and nested groups), so that an incremental run can tell from a delta which users joined or left a root,
 * through any depth of nesting. Written with JDBC batches: a full run replaces tens of thousands of rows.
 */
@ApplicationScoped
public class GraphEdges {

    /** {@code memberId} is a direct member of {@code parentId}; {@code group} when it is a nested group. */
    public record Edge(String parentId, String memberId, boolean group) {
    }

    /** What to store after a run. */
    public sealed interface Update permits Replace, Changes {
        List<RootGroup> roots();
    }

    /** Everything, as a full run read it. */
    public record Replace(List<RootGroup> roots, List<Edge> edges) implements Update {
    }

    /** The changes an incremental run applied. */
    public record Changes(List<RootGroup> roots, List<Edge> added, List<Edge> removed) implements Update {
    }

    private final AgroalDataSource dataSource;

    GraphEdges(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void store(String profile, Update update) {
        try (Connection c = dataSource.getConnection()) {
            execute(c, "delete from sync_profile_root where profile = ?", profile);
            try (PreparedStatement st = c.prepareStatement("insert into sync_profile_root (profile, graph_group_id, "
                    + "display_name, app_group_name) values (?, ?, ?, ?)")) {
                for (RootGroup root : update.roots()) {
                    st.setString(1, profile);
                    st.setString(2, root.graphId());
                    st.setString(3, root.displayName());
                    st.setString(4, root.appGroupName());
                    st.addBatch();
                }
                st.executeBatch();
            }
            List<Edge> added;
            if (update instanceof Replace replace) {
                execute(c, "delete from sync_graph_edge where profile = ?", profile);
                added = replace.edges();
            } else {
                Changes changes = (Changes) update;
                batch(c, "delete from sync_graph_edge where profile = ? and parent_id = ? and member_id = ?", profile,
                        changes.removed(), false);
                added = changes.added();
            }
            batch(c, "insert into sync_graph_edge (profile, parent_id, member_id, member_kind) values (?, ?, ?, ?) "
                    + "on conflict do nothing", profile, added, true);
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the groups profile " + profile + " follows", e);
        }
    }

    /** The profile's roots as last stored. */
    @Transactional
    public List<RootGroup> roots(String profile) {
        var roots = new ArrayList<RootGroup>();
        query("select graph_group_id, display_name, app_group_name from sync_profile_root where profile = ? "
                + "order by display_name", profile, null,
                rs -> roots.add(new RootGroup(rs.getString(1), rs.getString(2), rs.getString(3))));
        return roots;
    }

    /** The nested-group edges of the profile (group to group). */
    @Transactional
    public List<Edge> groupEdges(String profile) {
        var edges = new ArrayList<Edge>();
        query("select parent_id, member_id from sync_graph_edge where profile = ? and member_kind = 'group'", profile,
                null, rs -> edges.add(new Edge(rs.getString(1), rs.getString(2), true)));
        return edges;
    }

    /** Every followed group: those with a stored member or a root. */
    @Transactional
    public Set<String> followedGroups(String profile) {
        var groups = new HashSet<String>();
        query("select distinct parent_id from sync_graph_edge where profile = ?", profile, null,
                rs -> groups.add(rs.getString(1)));
        roots(profile).forEach(root -> groups.add(root.graphId()));
        return groups;
    }

    /** The groups each of these members is stored as a direct member of. */
    @Transactional
    public Map<String, Set<String>> parentsOf(String profile, Collection<String> memberIds) {
        var parents = new HashMap<String, Set<String>>();
        if (!memberIds.isEmpty()) {
            query("select member_id, parent_id from sync_graph_edge where profile = ? and member_id = any (?)",
                    profile, memberIds.toArray(String[]::new),
                    rs -> parents.computeIfAbsent(rs.getString(1), id -> new HashSet<>()).add(rs.getString(2)));
        }
        return parents;
    }

    /** Forgets what the profile follows (a profile that is gone, or a reset). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forget(String profile) {
        try (Connection c = dataSource.getConnection()) {
            execute(c, "delete from sync_graph_edge where profile = ?", profile);
            execute(c, "delete from sync_profile_root where profile = ?", profile);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(Connection c, String sql, String profile) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, profile);
            st.executeUpdate();
        }
    }

    private static void batch(Connection c, String sql, String profile, List<Edge> edges, boolean withKind)
            throws SQLException {
        if (edges.isEmpty()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement(sql)) {
            int pending = 0;
            for (Edge edge : edges) {
                st.setString(1, profile);
                st.setString(2, edge.parentId());
                st.setString(3, edge.memberId());
                if (withKind) {
                    st.setString(4, edge.group() ? "group" : "user");
                }
                st.addBatch();
                if (++pending == 5_000) {
                    st.executeBatch();
                    pending = 0;
                }
            }
            st.executeBatch();
        }
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, String profile, String[] ids, RowReader reader) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, profile);
            if (ids != null) {
                st.setArray(2, c.createArrayOf("text", ids));
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the groups profile " + profile + " follows", e);
        }
    }
}
