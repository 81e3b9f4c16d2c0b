package dev.provhub.exporter.run;

import java.time.Instant;
import java.util.List;
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

/** One export: its files, what they hold, what was withheld and why, and whether the upload went through. */
@Entity
@Table(name = "export_run")
public class ExportRun {

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ExportStatus status;

    @Column(name = "dry_run", nullable = false)
    public boolean dryRun;

    /** {@code schedule}, {@code rest} or {@code command}. */
    @Column(nullable = false)
    public String trigger;

    @Column(name = "requested_by")
    public String requestedBy;

    /** The change number the run exports up to. */
    @Column(name = "upto_seq")
    public Long uptoSeq;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, Long> counts = Map.of();

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public List<ExportFile> files = List.of();

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public List<Withheld> withheld = List.of();

    public String failure;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** A file of the run: its name, kind, rows, size, and whether it reached the server. */
    public record ExportFile(String name, String kind, long rows, long bytes, boolean uploaded, String note) {
    }

    /** A member left out of the run, and why. */
    public record Withheld(UUID userId, String membernumber, String reason) {
    }
}
