package dev.provhub.importer.run;

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

/** One import of one file into one organisation: its switches, progress, counts and outcome. */
@Entity
@Table(name = "import_run")
public class ImportRun {

    @Id
    public UUID id;

    @Column(name = "org_id", nullable = false)
    public UUID orgId;

    @Column(name = "org_path", nullable = false)
    public String orgPath;

    /** {@code rest}, {@code folder} or {@code command}. */
    @Column(nullable = false)
    public String source;

    @Column(name = "file_name")
    public String fileName;

    /** Where the file waits while the run is not finished; deleted (or moved to the backup folder) after. */
    @Column(name = "spool_file")
    public String spoolFile;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RunStatus status;

    @Column(name = "dry_run", nullable = false)
    public boolean dryRun;

    @Column(name = "allow_update", nullable = false)
    public boolean allowUpdate;

    @Column(name = "allow_reactivate", nullable = false)
    public boolean allowReactivate;

    @Column(nullable = false)
    public boolean forced;

    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "rows_total", nullable = false)
    public long rowsTotal;

    @Column(name = "rows_done", nullable = false)
    public long rowsDone;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, Long> counts = Map.of();

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "ignored_columns", nullable = false, columnDefinition = "jsonb")
    public List<String> ignoredColumns = List.of();

    public String failure;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}
