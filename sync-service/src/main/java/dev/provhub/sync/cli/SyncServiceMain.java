package dev.provhub.sync.cli;

import java.util.Arrays;

import dev.provhub.runs.ConsoleProgress;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Runs the service, or with {@code provision ...} one sync from the command line as the seed's
 * {@code mi-o365-usersync provision} did:
 * {@code java -jar sync-service/target/quarkus-app/quarkus-run.jar provision --auto-create all "O365 Staff"}. The
 * command is a process beside the service's replicas: it runs its own sync, takes no queued runs and fires no
 * schedules.
 */
@QuarkusMain
public class SyncServiceMain implements QuarkusApplication {

    public static void main(String... args) {
        if (isCommand(args)) {
            ConsoleProgress.commandMode();
            System.setProperty("quarkus.banner.enabled", "false");
            // administrators run the command inside the service's own container, where the service holds its port
            System.setProperty("quarkus.http.port", "0");
        }
        Quarkus.run(SyncServiceMain.class, args);
    }

    @Override
    public int run(String... args) {
        if (isCommand(args)) {
            ProvisionCommand command = Arc.container().instance(ProvisionCommand.class).get();
            return command.run(Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.out, System.err);
        }
        Quarkus.waitForExit();
        return 0;
    }

    private static boolean isCommand(String... args) {
        return args.length > 0 && args[0].equalsIgnoreCase("provision");
    }
}
