package dev.provhub.importer.run;

import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.provhub.importer.rules.ImportOptions;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * What is special to an import run, beside its {@link dev.provhub.runs.Run}: the organisation, the file and the
 * switches. Its rejected rows are the run's items; the received file is its artefact {@value #INPUT} until the run
 * ends.
 */
@Entity
@Table(name = "import_run")
public class ImportRun extends PanacheEntityBase {

    /** The name of the received CSV among the run's artefacts. */
    public static final String INPUT = "input.csv";

    @Id
    @Column(name = "run_id")
    public UUID runId;

    @Column(name = "org_id", nullable = false)
    public UUID orgId;

    @Column(name = "org_path", nullable = false)
    public String orgPath;

    @Column(name = "file_name")
    public String fileName;

    @Column(name = "allow_update", nullable = false)
    public boolean allowUpdate;

    @Column(name = "allow_reactivate", nullable = false)
    public boolean allowReactivate;

    @Column(nullable = false)
    public boolean forced;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "ignored_columns", nullable = false, columnDefinition = "jsonb")
    public List<String> ignoredColumns = List.of();

    public ImportOptions options(boolean dryRun) {
        return new ImportOptions(allowUpdate, allowReactivate, dryRun, forced);
    }
}
