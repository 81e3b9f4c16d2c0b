package dev.provhub.sync.directory;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A user of the application. Users the sync brings carry the Entra object id they mirror ({@link #graphId});
 * every change publishes a {@code UserChangedEvent} whose version ({@link #eventVersion}) only grows, and the row's
 * optimistic lock ({@link #rowVersion}) makes sure two changes of one user never publish the same version.
 */
@Entity
@Table(name = "app_user")
public class AppUser extends PanacheEntityBase {

    /** The seed's limit for first and last names (since v7.1.1). */
    public static final int NAME_LIMIT = 100;

    @Id
    public UUID id;

    @Column(name = "user_name", nullable = false)
    public String userName;

    @Column(name = "first_name", length = NAME_LIMIT)
    public String firstName;

    @Column(name = "last_name", length = NAME_LIMIT)
    public String lastName;

    public String email;

    public String upn;

    @Column(name = "display_name")
    public String displayName;

    /** {@code regular}, {@code administrator} or {@code power_user}. */
    @Column(name = "user_type", nullable = false)
    public String userType = UserType.REGULAR.wireName();

    @Column(name = "trusted_server_user_name")
    public String trustedServerUserName;

    @Column(name = "graph_id")
    public String graphId;

    @Column(nullable = false)
    public boolean enabled = true;

    @Column(nullable = false)
    public boolean deleted;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "custom_attributes", nullable = false, columnDefinition = "jsonb")
    public Map<String, String> customAttributes = new TreeMap<>();

    @Column(name = "created_by_sync", nullable = false)
    public boolean createdBySync;

    @Column(name = "event_version", nullable = false)
    public long eventVersion;

    @Version
    @Column(name = "row_version", nullable = false)
    public long rowVersion;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Active in the application: enabled and not deleted. */
    public boolean active() {
        return enabled && !deleted;
    }
}
