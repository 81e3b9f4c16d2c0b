package dev.provhub.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One long run of a service: an import, an export, a sync, a SCIM job. Its status changes only through
 * {@link Runs}, which checks that the process changing it still owns it.
 */
@Entity
@Table(name = "run")
public class Run extends PanacheEntityBase {

    @Id
    public UUID id;

    /** {@code import}, {@code export}, ...: which {@link RunHandler} runs it. */
    @Column(nullable = false)
    public String kind;

    /** What it works on; at most one run of a kind and scope runs at a time. */
    @Column(nullable = false)
    public String scope;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RunStatus status;

    /** {@code rest}, {@code schedule}, {@code folder}, {@code command}, ... */
    @Column(nullable = false)
    public String trigger;

    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "dry_run", nullable = false)
    public boolean dryRun;

    /** How many items the run has to do, once known. */
    @Column(name = "progress_total")
    public Long progressTotal;

    @Column(name = "progress_done", nullable = false)
    public long progressDone;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, Long> counts = new LinkedHashMap<>();

    public String failure;

    /** The process running it, while it runs. */
    public String owner;

    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;

    /** How often a process started it. */
    @Column(nullable = false)
    public int attempts;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** The share done, from 0 to 1; 1 once finished. */
    public double progress() {
        if (status.finished()) {
            return 1.0;
        }
        return progressTotal == null || progressTotal == 0 ? 0.0
                : Math.min(1.0, (double) progressDone / progressTotal);
    }

    /** How long it ran, once finished. */
    public Duration duration() {
        return startedAt == null || finishedAt == null ? null : Duration.between(startedAt, finishedAt);
    }
}
