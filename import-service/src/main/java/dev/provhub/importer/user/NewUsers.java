package dev.provhub.importer.user;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;

/**
 * Writes the users a batch created, with their organisations and profile values, as three JDBC batches in the
 * batch's transaction: a first import of a large file creates users by the thousand, and Hibernate's per-entity
 * bookkeeping would cost more than the inserts. The rows are written with the users' values at the end of the batch,
 * so a user created and changed again within one batch is written once, as it ended.
 */
@ApplicationScoped
public class NewUsers {

    private final AgroalDataSource dataSource;

    NewUsers(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void insert(List<DirectoryUser> users) {
        if (users.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement st = c.prepareStatement("""
                    insert into directory_user (id, user_name, home_org_id, org_login_id, email, contact_email,
                        first_name, last_name, can_view_reports, force_password_change, active, deleted, deleted_at,
                        limbo, purge_at, record_uid, source_uid, password_hash, password_expired, version,
                        row_version, created_at, updated_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)""")) {
                for (DirectoryUser u : users) {
                    int i = 1;
                    st.setObject(i++, u.id);
                    st.setString(i++, u.userName);
                    st.setObject(i++, u.homeOrgId);
                    st.setString(i++, u.orgLoginId);
                    st.setString(i++, u.email);
                    st.setString(i++, u.contactEmail);
                    st.setString(i++, u.firstName);
                    st.setString(i++, u.lastName);
                    st.setBoolean(i++, u.canViewReports);
                    st.setBoolean(i++, u.forcePasswordChange);
                    st.setBoolean(i++, u.active);
                    st.setBoolean(i++, u.deleted);
                    st.setTimestamp(i++, u.deletedAt == null ? null : Timestamp.from(u.deletedAt));
                    st.setBoolean(i++, u.limbo);
                    if (u.purgeAt == null) {
                        st.setNull(i++, Types.DATE);
                    } else {
                        st.setObject(i++, u.purgeAt);
                    }
                    st.setString(i++, u.recordUid);
                    st.setString(i++, u.sourceUid);
                    st.setString(i++, u.passwordHash);
                    st.setBoolean(i++, u.passwordExpired);
                    st.setLong(i++, u.version);
                    st.setTimestamp(i++, Timestamp.from(u.createdAt));
                    st.setTimestamp(i++, Timestamp.from(u.updatedAt));
                    st.addBatch();
                }
                st.executeBatch();
            }
            try (PreparedStatement st = c.prepareStatement("insert into user_org (user_id, org_id) values (?, ?)")) {
                for (DirectoryUser u : users) {
                    for (UUID org : u.orgIds) {
                        st.setObject(1, u.id);
                        st.setObject(2, org);
                        st.addBatch();
                    }
                }
                st.executeBatch();
            }
            try (PreparedStatement st = c.prepareStatement(
                    "insert into user_profile_value (user_id, field_name, value) values (?, ?, ?)")) {
                for (DirectoryUser u : users) {
                    for (Map.Entry<String, String> value : u.profile.entrySet()) {
                        st.setObject(1, u.id);
                        st.setString(2, value.getKey());
                        st.setString(3, value.getValue());
                        st.addBatch();
                    }
                }
                st.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("writing " + users.size() + " new users failed: " + e.getMessage(), e);
        }
    }
}
