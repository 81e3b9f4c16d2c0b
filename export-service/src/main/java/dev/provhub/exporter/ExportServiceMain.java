package dev.provhub.exporter;

import dev.provhub.exporter.run.ExportRunView;
import dev.provhub.exporter.run.ExportRuns;
import dev.provhub.runs.ConsoleProgress;
import dev.provhub.runs.NewRun;
import dev.provhub.runs.RunStatus;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Runs the service, or one export from the command line as the seed's scripts did:
 * {@code java -jar quarkus-run.jar export [-y]}, where {@code -y} is a dry run (files written, nothing uploaded,
 * nothing committed). Exits 0 when the export completed, 1 otherwise. The command takes no queued runs and fires
 * no schedules: it is a process of its own beside the service's replicas.
 */
@QuarkusMain
public class ExportServiceMain implements QuarkusApplication {

    public static void main(String... args) {
        if (args.length > 0 && args[0].equalsIgnoreCase("export")) {
            ConsoleProgress.commandMode();
            // the replicas keep the projection up to date; a command joining their consumer group only rebalances it
            System.setProperty("mp.messaging.incoming.user-changes.enabled", "false");
        }
        Quarkus.run(ExportServiceMain.class, args);
    }

    @Override
    public int run(String... args) {
        if (args.length > 0 && args[0].equalsIgnoreCase("export")) {
            boolean dryRun = java.util.Arrays.asList(args).contains("-y");
            NewRun spec = ExportRuns.spec("command", dryRun, System.getProperty("user.name"));
            ExportRuns exports = Arc.container().instance(ExportRuns.class).get();
            ExportRunView run;
            try (var progress = ConsoleProgress.follow(spec.id(), "members", System.out)) {
                run = exports.runNow(spec);
            }
            System.out.printf("Export %s%s: %s%n", run.id(), dryRun ? " (dry run)" : "", run.status());
            if (run.failure() != null) {
                System.out.println("  " + run.failure());
            }
            run.files().forEach(f -> System.out.printf("  %-32s %6d rows%s%n", f.name(), f.rows(),
                    f.uploaded() ? "  uploaded" : ""));
            run.withheld().forEach(w -> System.out.printf("  withheld %s: %s%n", w.membernumber(), w.reason()));
            return run.status() == RunStatus.COMPLETED ? 0 : 1;
        }
        Quarkus.waitForExit();
        return 0;
    }
}
