package dev.provhub.importer.cli;

import dev.provhub.runs.ConsoleProgress;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;

/**
 * Runs the service, or, with {@code importUsers ...} as arguments, one import from the command line:
 * {@code java -jar quarkus-run.jar importUsers /Root/Moran users.csv true true [--dry-run]}.
 */
@QuarkusMain
public class ImportServiceMain implements QuarkusApplication {

    public static void main(String... args) {
        if (args.length > 0 && args[0].equalsIgnoreCase("importUsers")) {
            // a command beside the service's replicas: it runs its own import, takes no queued runs, fires no
            // schedules
            ConsoleProgress.commandMode();
        }
        Quarkus.run(ImportServiceMain.class, args);
    }

    @Override
    public int run(String... args) {
        if (args.length > 0 && args[0].equalsIgnoreCase("importUsers")) {
            ImportUsersCommand command = Arc.container().instance(ImportUsersCommand.class).get();
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            return new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).execute(rest);
        }
        Quarkus.waitForExit();
        return 0;
    }
}
