package dev.provhub.sync.run;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** What is special to a sync run, keyed by its id in libs/runs' {@code run} table. */
@Entity
@Table(name = "sync_run")
public class SyncRun extends PanacheEntityBase {

    @Id
    @Column(name = "run_id")
    public UUID runId;

    /** The profile it runs, or null for a run given its options directly. */
    public String profile;

    /** Never credentials. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public SyncOptions options;

    /** {@code full} or {@code incremental}, once decided. */
    public String mode;

    @Column(name = "mode_reason")
    public String modeReason;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public SyncSummary.View summary;

    @Column(name = "graph_requests")
    public Integer graphRequests;
}
