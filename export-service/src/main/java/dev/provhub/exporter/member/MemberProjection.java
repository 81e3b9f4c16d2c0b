package dev.provhub.exporter.member;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.provhub.events.UserChangeType;
import dev.provhub.events.UserChangedEvent;
import dev.provhub.outbox.InboundUserChange;
import io.agroal.api.AgroalDataSource;

/**
 * The export's view of each user: the eight column values of the latest event applied, and whether the user is
 * deleted. Every applied change takes a new change number, so an export looks only at what changed since the last.
 */
@ApplicationScoped
public class MemberProjection {

    private final AgroalDataSource dataSource;
    private final ColumnMapping columns;

    MemberProjection(AgroalDataSource dataSource, ColumnMapping columns) {
        this.dataSource = dataSource;
        this.columns = columns;
    }

    /**
     * Applies a batch's changes, in their order, as one JDBC batch: the projection keeps a user's last state, so of
     * several changes of one user in the batch only the last is written.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(List<InboundUserChange> changes) {
        Map<String, UserChangedEvent> last = new LinkedHashMap<>();
        for (InboundUserChange change : changes) {
            last.remove(change.event().key());
            last.put(change.event().key(), change.event());
        }
        if (last.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement("""
                insert into member (user_id, origin, deleted, membernumber, upn, firstname, lastname, email,
                    postalcode, is_suspended, is_o365_suspended, change_seq, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, nextval('member_change_seq'), clock_timestamp())
                on conflict (user_id) do update set origin = excluded.origin, deleted = excluded.deleted,
                    membernumber = excluded.membernumber, upn = excluded.upn, firstname = excluded.firstname,
                    lastname = excluded.lastname, email = excluded.email, postalcode = excluded.postalcode,
                    is_suspended = excluded.is_suspended, is_o365_suspended = excluded.is_o365_suspended,
                    change_seq = excluded.change_seq, updated_at = excluded.updated_at""")) {
            for (UserChangedEvent event : last.values()) {
                MemberValues v = columns.values(event);
                st.setObject(1, event.id());
                st.setString(2, event.origin());
                st.setBoolean(3, event.type() == UserChangeType.DELETED);
                st.setString(4, v.membernumber());
                st.setString(5, v.upn());
                st.setString(6, v.firstname());
                st.setString(7, v.lastname());
                st.setString(8, v.email());
                st.setString(9, v.postalcode());
                st.setBoolean(10, v.suspended());
                st.setBoolean(11, v.o365Suspended());
                st.addBatch();
            }
            st.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("applying " + last.size() + " changes to the projection failed: "
                    + e.getMessage(), e);
        }
    }
}
