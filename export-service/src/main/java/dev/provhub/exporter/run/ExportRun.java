package dev.provhub.exporter.run;

import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * What is special to an export run, beside its {@link dev.provhub.runs.Run}: the change number it exports up to and
 * its files. Withheld members are the run's items.
 */
@Entity
@Table(name = "export_run")
public class ExportRun extends PanacheEntityBase {

    @Id
    @Column(name = "run_id")
    public UUID runId;

    /** The change number the run exports up to. */
    @Column(name = "upto_seq")
    public Long uptoSeq;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public List<ExportFile> files = List.of();

    /** A file of the run: its name, kind, rows, size, and whether it reached the server. */
    public record ExportFile(String name, String kind, long rows, long bytes, boolean uploaded, String note) {
    }
}
