package dev.provhub.sync.profile;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * What a profile remembers between runs: the delta links of groups and users, and a fingerprint of the options
 * that decide what is read (changed options read everything again).
 */
@Entity
@Table(name = "sync_profile_state")
public class ProfileState extends PanacheEntityBase {

    @Id
    public String profile;

    @Column(nullable = false)
    public String fingerprint;

    @Column(name = "groups_delta_link")
    public String groupsDeltaLink;

    @Column(name = "users_delta_link")
    public String usersDeltaLink;

    @Column(name = "last_full_at")
    public Instant lastFullAt;

    @Column(name = "last_run_at")
    public Instant lastRunAt;
}
