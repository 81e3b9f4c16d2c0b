package dev.provhub.exporter.member;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.provhub.events.UserChangeType;
import dev.provhub.events.UserChangedEvent;

/**
 * The export's view of each user: the eight column values of the latest event applied, and whether the user is
 * deleted. Every applied change takes a new change number, so an export looks only at what changed since the last.
 */
@ApplicationScoped
public class MemberProjection {

    private final EntityManager em;
    private final ColumnMapping columns;

    MemberProjection(EntityManager em, ColumnMapping columns) {
        this.em = em;
        this.columns = columns;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(UserChangedEvent event) {
        MemberValues v = columns.values(event);
        em.createNativeQuery("""
                insert into member (user_id, origin, deleted, membernumber, upn, firstname, lastname, email,
                    postalcode, is_suspended, is_o365_suspended, change_seq, updated_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, nextval('member_change_seq'), now())
                on conflict (user_id) do update set origin = excluded.origin, deleted = excluded.deleted,
                    membernumber = excluded.membernumber, upn = excluded.upn, firstname = excluded.firstname,
                    lastname = excluded.lastname, email = excluded.email, postalcode = excluded.postalcode,
                    is_suspended = excluded.is_suspended, is_o365_suspended = excluded.is_o365_suspended,
                    change_seq = excluded.change_seq, updated_at = excluded.updated_at""")
                .setParameter(1, event.id())
                .setParameter(2, event.origin())
                .setParameter(3, event.type() == UserChangeType.DELETED)
                .setParameter(4, v.membernumber())
                .setParameter(5, v.upn())
                .setParameter(6, v.firstname())
                .setParameter(7, v.lastname())
                .setParameter(8, v.email())
                .setParameter(9, v.postalcode())
                .setParameter(10, v.suspended())
                .setParameter(11, v.o365Suspended())
                .executeUpdate();
    }
}
