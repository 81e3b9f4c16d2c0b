package dev.provhub.sync.directory;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A group of the application: mirrors an Office 365 group, or is the target, default or an attribute group. */
@Entity
@Table(name = "app_group")
public class AppGroup extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(name = "created_by_sync", nullable = false)
    public boolean createdBySync;

    /** The Office 365 group it mirrors, as last synced. */
    @Column(name = "graph_group_id")
    public String graphGroupId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static Optional<AppGroup> byName(String name) {
        return find("lower(name) = lower(?1)", name).firstResultOptional();
    }
}
