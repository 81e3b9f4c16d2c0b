package dev.provhub.importer.user;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A user of the directory import-service owns. Never deleted from the table: a delete is a state. */
@Entity
@Table(name = "directory_user")
public class DirectoryUser extends PanacheEntityBase {

    @Id
    public UUID id;

    /** Generated, unique, never changes. */
    @Column(name = "user_name", nullable = false, updatable = false)
    public String userName;

    /** The organisation that created the user: OrgLoginIDs are unique within it. */
    @Column(name = "home_org_id", nullable = false)
    public UUID homeOrgId;

    @Column(name = "org_login_id")
    public String orgLoginId;

    public String email;

    @Column(name = "contact_email")
    public String contactEmail;

    @Column(name = "first_name")
    public String firstName;

    @Column(name = "last_name")
    public String lastName;

    @Column(name = "can_view_reports", nullable = false)
    public boolean canViewReports;

    @Column(name = "force_password_change", nullable = false)
    public boolean forcePasswordChange;

    @Column(nullable = false)
    public boolean active = true;

    @Column(nullable = false)
    public boolean deleted;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    @Column(nullable = false)
    public boolean limbo;

    @Column(name = "purge_at")
    public LocalDate purgeAt;

    @Column(name = "record_uid")
    public String recordUid;

    @Column(name = "source_uid")
    public String sourceUid;

    /** {@code algorithm$parameters$salt$hash}; null when the user has no usable password and must reset it. */
    @Column(name = "password_hash")
    public String passwordHash;

    @Column(name = "password_expired", nullable = false)
    public boolean passwordExpired;

    /** The version of the last event published about this user. */
    @Column(nullable = false)
    public long version;

    /**
     * The row's optimistic lock: a transaction that changed this user from a state another transaction has changed
     * meanwhile fails instead of overwriting it, so two changes can never publish the same event version.
     */
    @Version
    @Column(name = "row_version", nullable = false)
    public long rowVersion;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "user_org", joinColumns = @JoinColumn(name = "user_id"))
    @Column(name = "org_id")
    public Set<UUID> orgIds = new HashSet<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "user_profile_value", joinColumns = @JoinColumn(name = "user_id"))
    @MapKeyColumn(name = "field_name")
    @Column(name = "value")
    public Map<String, String> profile = new HashMap<>();

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The profile value of {@code field}, compared case-insensitively, or null. */
    public String profileValue(String field) {
        for (var entry : profile.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(field)) {
                return entry.getValue();
            }
        }
        return null;
    }
}
