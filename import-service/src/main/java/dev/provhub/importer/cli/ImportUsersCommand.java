package dev.provhub.importer.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;

import jakarta.enterprise.context.Dependent;

import dev.provhub.importer.rules.ImportCounts;
import dev.provhub.importer.rules.ImportOptions;
import dev.provhub.importer.run.ImportIntake;
import dev.provhub.importer.run.ImportRunView;
import dev.provhub.importer.run.ImportRuns;
import dev.provhub.importer.run.RowReport;
import dev.provhub.runs.ConsoleProgress;
import io.quarkus.arc.Unremovable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The seed's manual import: {@code importUsers <org path> <file path> <update: true|false>
 * <reactivate: true|false>}, plus {@code --dry-run}. Prints the report; exits 0 when every row was applied, 1 when
 * some rows were rejected, 2 when the file was rejected.
 */
@Dependent
@Unremovable
@Command(name = "importUsers", mixinStandardHelpOptions = true, description = "Imports a CSV or zip file of users into an organisation and prints the report.")
public class ImportUsersCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<org path>", description = "e.g. /Root/Moran")
    String orgPath;

    @Parameters(index = "1", paramLabel = "<file path>", description = "the CSV (or zip) file")
    Path file;

    @Parameters(index = "2", paramLabel = "<update>", description = "existing users may be updated: true|false")
    boolean update;

    @Parameters(index = "3", paramLabel = "<reactivate>", description = "deactivated users may be reactivated: "
            + "true|false")
    boolean reactivate;

    @Option(names = "--dry-run", description = "run every rule and report, but change nothing")
    boolean dryRun;

    @Option(names = "--force", description = "apply a full import even above the organisation's removal threshold")
    boolean force;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final ImportIntake intake;
    private final ImportRuns imports;

    ImportUsersCommand(ImportIntake intake, ImportRuns imports) {
        this.intake = intake;
        this.imports = imports;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(file)) {
            spec.commandLine().getErr().println("no such file: " + file);
            return 2;
        }
        var options = new ImportOptions(update, reactivate, dryRun, force);
        UUID runId = intake.accept(new ImportIntake.Request(orgPath, file.getFileName().toString(), options,
                "command", System.getProperty("user.name")), file);
        ImportRunView run;
        try (var progress = ConsoleProgress.follow(runId, "rows", System.out)) {
            run = imports.find(runId).status().finished() ? imports.find(runId) : imports.runHere(runId);
        }
        out.printf("Import %s of %s into %s%s: %s%n", run.id(), run.fileName(), run.org(), dryRun ? " (dry run)" : "",
                run.status());
        if (run.failure() != null) {
            out.println("  " + run.failure());
        }
        ImportCounts.of(run.counts()).asMap().forEach((name, n) -> out.printf("  %-16s %d%n", name, n));
        if (!run.ignoredColumns().isEmpty()) {
            out.println("  ignored columns: " + String.join(", ", run.ignoredColumns()));
        }
        for (RowReport report : run.errors()) {
            out.printf("  line %d %s: %s%n", report.line(), report.kind(), report.reason());
        }
        out.flush();
        return switch (run.status()) {
            case COMPLETED -> 0;
            case COMPLETED_WITH_ERRORS -> 1;
            default -> 2;
        };
    }
}
