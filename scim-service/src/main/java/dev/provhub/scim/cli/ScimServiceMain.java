package dev.provhub.scim.cli;

import java.util.Arrays;

import dev.provhub.runs.ConsoleProgress;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Runs the service, or the command {@code csv2scim} with CSV2SCIM's parameters:
 * {@code java -jar quarkus-run.jar csv2scim -Path users.csv -AttributeMapping AttributeMapping.psd1 [...]}. The
 * command takes no queued runs, fires no schedules and reads no events: it is a process of its own beside the
 * service's replicas.
 */
@QuarkusMain
public class ScimServiceMain implements QuarkusApplication {

    public static void main(String... args) {
        if (args.length > 0 && args[0].equalsIgnoreCase("csv2scim")) {
            ConsoleProgress.commandMode();
            System.setProperty("mp.messaging.incoming.user-changes.enabled", "false");
            System.setProperty("quarkus.http.host-enabled", "false");
            System.setProperty("quarkus.log.console.stderr", "true");
        }
        Quarkus.run(ScimServiceMain.class, args);
    }

    @Override
    public int run(String... args) {
        if (args.length > 0 && args[0].equalsIgnoreCase("csv2scim")) {
            Csv2ScimFlags flags;
            try {
                flags = Csv2ScimFlags.parse(Arrays.copyOfRange(args, 1, args.length));
            } catch (IllegalArgumentException e) {
                System.err.println("csv2scim: " + e.getMessage());
                return 2;
            }
            return Arc.container().instance(Csv2ScimCommand.class).get().run(flags, System.out, System.err);
        }
        Quarkus.waitForExit();
        return 0;
    }
}
