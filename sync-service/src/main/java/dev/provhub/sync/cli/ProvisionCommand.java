package dev.provhub.sync.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.provhub.runs.ConsoleProgress;
import dev.provhub.runs.RunStatus;
import dev.provhub.sync.graph.GraphClients;
import dev.provhub.sync.graph.GraphCredentials;
import dev.provhub.sync.profile.SyncProfiles;
import dev.provhub.sync.run.InvalidSyncOptionsException;
import dev.provhub.sync.run.SyncOptions;
import dev.provhub.sync.run.SyncOptionsValidator;
import dev.provhub.sync.run.SyncRunView;
import dev.provhub.sync.run.SyncRuns;
import io.quarkus.arc.Unremovable;
import picocli.CommandLine;

/**
 * {@code provision}: one sync from the command line, with the seed's flags. Exit codes: 0 the sync completed, 1 it
 * failed or some users could not be written (the summary says which), 2 the arguments are wrong (nothing was read
 * or changed), as argparse would.
 */
@ApplicationScoped
// looked up by SyncServiceMain through Arc only, which Quarkus' unused-bean removal does not see
@Unremovable
public class ProvisionCommand {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private final SyncRuns runs;
    private final SyncProfiles profiles;
    private final GraphClients clients;

    ProvisionCommand(SyncRuns runs, SyncProfiles profiles, GraphClients clients) {
        this.runs = runs;
        this.profiles = profiles;
        this.clients = clients;
    }

    public int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        ProvisionArguments arguments;
        SyncOptions options;
        GraphCredentials signIn;
        String profile = null;
        try {
            arguments = ProvisionArguments.parse(args);
            if (arguments.help) {
                ProvisionArguments.commandLine(new ProvisionArguments()).usage(out);
                return OK;
            }
            if (arguments.profile != null) {
                profile = arguments.profile;
                String name = profile;
                var found = profiles.find(name).orElseThrow(() -> new InvalidSyncOptionsException("--profile",
                        "no profile '" + name + "' in the configuration (provhub.sync.profiles.*)"));
                List<String> own = Arrays.stream(args).toList();
                arguments = ProvisionArguments.parse(SyncProfiles.arguments(found, own).toArray(String[]::new));
            }
            options = SyncOptionsValidator.validate(arguments.options());
            signIn = arguments.credentials(environment).orElse(clients.configured());
            var missing = signIn.missing();
            if (missing.isPresent()) {
                throw new InvalidSyncOptionsException("--client-secret", "no credentials: " + missing.get()
                        + " is missing");
            }
        } catch (CommandLine.ParameterException e) {
            return usage(err, e.getMessage());
        } catch (InvalidSyncOptionsException e) {
            return usage(err, e.getMessage());
        }
        SyncRunView run;
        var runId = java.util.UUID.randomUUID();
        try (var progress = ConsoleProgress.follow(runId, "users", out)) {
            run = runs.runHere(runId, options, profile, "command", System.getProperty("user.name"), signIn,
                    active -> out.println("Another sync is running (" + active + "); waiting for it to finish..."));
        }
        run = runs.view(run.id(), true);
        if (!options.noSummary() || run.status() == RunStatus.FAILED) {
            SummaryPrinter.print(run, options.fullSummary(), run.status() == RunStatus.FAILED ? err : out);
        }
        return run.status() == RunStatus.COMPLETED ? OK : FAILED;
    }

    private static int usage(PrintStream err, String message) {
        err.println("usage: provision [-h] [--tenant TENANT] [--client-id CLIENT_ID] [--client-secret CLIENT_SECRET] "
                + "... group_dns [group_dns ...]");
        err.println("provision: error: " + message);
        return USAGE;
    }
}
