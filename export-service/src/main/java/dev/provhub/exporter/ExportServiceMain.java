package dev.provhub.exporter;

import dev.provhub.exporter.run.ExportRun;
import dev.provhub.exporter.run.ExportService;
import dev.provhub.exporter.run.ExportStatus;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Runs the service, or one export from the command line as the seed's scripts did:
 * {@code java -jar quarkus-run.jar export [-y]}, where {@code -y} is a dry run (files written, nothing uploaded,
 * nothing committed). Exits 0 when the export completed, 1 otherwise.
 */
@QuarkusMain
public class ExportServiceMain implements QuarkusApplication {

    @Override
    public int run(String... args) {
        if (args.length > 0 && args[0].equalsIgnoreCase("export")) {
            boolean dryRun = java.util.Arrays.asList(args).contains("-y");
            ExportRun run = Arc.container().instance(ExportService.class).get().runNow("command", dryRun,
                    System.getProperty("user.name"));
            System.out.printf("Export %s%s: %s%n", run.id, dryRun ? " (dry run)" : "", run.status);
            if (run.failure != null) {
                System.out.println("  " + run.failure);
            }
            run.files.forEach(f -> System.out.printf("  %-32s %6d rows%s%n", f.name(), f.rows(),
                    f.uploaded() ? "  uploaded" : ""));
            run.withheld.forEach(w -> System.out.printf("  withheld %s: %s%n", w.membernumber(), w.reason()));
            return run.status == ExportStatus.COMPLETED ? 0 : 1;
        }
        Quarkus.waitForExit();
        return 0;
    }
}
