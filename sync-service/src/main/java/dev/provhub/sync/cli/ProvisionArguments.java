package dev.provhub.sync.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.provhub.sync.directory.UserType;
import dev.provhub.sync.graph.GraphCredentials;
import dev.provhub.sync.run.AutoCreate;
import dev.provhub.sync.run.InvalidSyncOptionsException;
import dev.provhub.sync.run.SyncOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The arguments of {@code provision}, exactly the seed's (mi-o365-usersync) with their short forms and defaults,
 * plus a certificate instead of a secret, {@code --full} and {@code --profile}. Profiles in the configuration are
 * written in the same syntax.
 */
@Command(name = "provision", sortOptions = false, usageHelpWidth = 110, description = "Sync Office 365 groups and their members into the application's groups and users.")
public class ProvisionArguments {

    static final String ENV_TENANT = "O365_USERSYNC_TENANT";
    static final String ENV_CLIENT_ID = "O365_USERSYNC_CLIENT_ID";
    static final String ENV_CLIENT_SECRET = "O365_USERSYNC_CLIENT_SECRET";

    @Parameters(paramLabel = "group_dns", arity = "0..*", description = "The group names to sync with.")
    List<String> groups = new ArrayList<>();

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--tenant", paramLabel = "TENANT", description = "The directory tenant to request permission from (GUID or friendly name).")
    String tenant;

    @Option(names = "--client-id", paramLabel = "CLIENT_ID", description = "The application ID assigned when registering your app in the Azure App Registration portal.")
    String clientId;

    @Option(names = "--client-secret", paramLabel = "CLIENT_SECRET", description = "The client secret generated for your app in the Azure App Registration portal.")
    String clientSecret;

    @Option(names = "--client-certificate", paramLabel = "FILE", description = "A certificate registered on the app (PKCS#12 .pfx/.p12 or PEM with its key), instead of a secret.")
    String clientCertificate;

    @Option(names = "--client-certificate-password", paramLabel = "PASSWORD", description = "The password of a PKCS#12 client certificate.")
    String clientCertificatePassword;

    @Option(names = { "-v", "--verbose" }, description = "Enable verbose logging mode.")
    boolean verbose;

    @Option(names = { "-n", "--dry-run" }, description = "Simulate the sync without applying changes (implies -v).")
    boolean dryRun;

    @Option(names = { "-q", "--no-summary" }, description = "Suppress summary display at the end of execution.")
    boolean noSummary;

    @Option(names = "--full-summary", description = "Display detailed information for every affected user and group in the summary.")
    boolean fullSummary;

    @Option(names = { "-t",
            "--user-type" }, paramLabel = "{regular,administrator,power_user}", description = "Set the type of user for provisioned users.")
    String userType;

    @Option(names = "--username-attr", paramLabel = "USERNAME_ATTR", description = "User attribute for the username. Default: userPrincipalName.")
    String usernameAttr = SyncOptions.DEFAULT_USERNAME_ATTR;

    @Option(names = "--first-name-attr", paramLabel = "FIRST_NAME_ATTR", description = "User attribute for first name. Default: givenName.")
    String firstNameAttr = SyncOptions.DEFAULT_FIRST_NAME_ATTR;

    @Option(names = "--last-name-attr", paramLabel = "LAST_NAME_ATTR", description = "User attribute for last name. Default: surname.")
    String lastNameAttr = SyncOptions.DEFAULT_LAST_NAME_ATTR;

    @Option(names = "--email-attr", paramLabel = "EMAIL_ATTR", description = "User attribute for email. Default: mail.")
    String emailAttr = SyncOptions.DEFAULT_EMAIL_ATTR;

    @Option(names = "--skip-default-group", description = "Skip adding synced users to the Default Group.")
    boolean skipDefaultGroup;

    @Option(names = "--process-child-groups", description = "Enable processing of nested/child groups.")
    boolean processChildGroups;

    @Option(names = { "-a",
            "--auto-create" }, arity = "0..1", fallbackValue = "all", paramLabel = "{all,groups}", description = "Auto-create groups if they do not exist. Without value or 'all': creates groups and users. "
                    + "With 'groups': only groups are auto-created, existing users updated. Not specified: only "
                    + "process users in existing groups.")
    String autoCreate;

    @Option(names = "--force", description = "Force update of related objects (and allow removals over the threshold).")
    boolean force;

    @Option(names = "--target-group", paramLabel = "TARGET_GROUP", description = "Create and sync into a specific group instead of auto-generating. Cannot be combined with --username.")
    String targetGroup;

    @Option(names = "--filter", paramLabel = "FILTER", description = "Only process O365 groups that start with the specified text.")
    String filter;

    @Option(names = "--custom-user-attribute", paramLabel = "CUSTOM_USER_ATTRIBUTE", description = "Comma-separated list of custom attributes to sync (e.g., attr1,attr2).")
    String customUserAttribute;

    @Option(names = "--map-attr-to-group", paramLabel = "MAP_ATTR_TO_GROUP", description = "Map users to groups based on attribute values (e.g., attr1,attr2).")
    String mapAttrToGroup;

    @Option(names = "--custom-attr-app-id", paramLabel = "CUSTOM_ATTR_APP_ID", description = "ID of the AAD application used for storing user data.")
    String customAttrAppId;

    @Option(names = "--trusted-server-username-attr", paramLabel = "TRUSTED_SERVER_USERNAME_ATTR", description = "Field name that stores the trusted server username. Default: None.")
    String trustedServerUsernameAttr;

    @Option(names = "--username", paramLabel = "USERNAME", description = "Run the sync for a single specified user. Credentials must come from environment variables: "
            + "O365_USERSYNC_TENANT, O365_USERSYNC_CLIENT_ID, and O365_USERSYNC_CLIENT_SECRET.")
    String username;

    @Option(names = "--attributes-transformation", paramLabel = "ATTRIBUTES_TRANSFORMATION", description = "Transformation rules for attributes. Supports regex matching and substitution. Examples: "
            + "[{'attr_name': 'trusted_server_username', 'action': '^([a-zA-Z0-9._%%+-]+)@', 'method':'match'}] "
            + "or [{'attr_name': 'trusted_server_username', 'action': '_,@', 'method':'sub'}]. Rules can be "
            + "combined. Default: None.")
    String attributesTransformation;

    @Option(names = "--process-users", paramLabel = "PROCESS_USERS", description = "Restrict processing to specific users. Provide: comma-separated usernames (user1,user2) or a "
            + "file (@users.txt, one per line). If not specified, all discovered users will be processed.")
    String processUsers;

    @Option(names = "--proxy-server-https-address", paramLabel = "URL", description = "An HTTPS proxy, e.g. http://192.168.0.1:3128 (default: HTTPS_PROXY, https.proxyHost).")
    String proxy;

    @Option(names = "--full", description = "Read every group in full, even when the profile has delta links.")
    boolean full;

    @Option(names = "--profile", paramLabel = "NAME", description = "Run the named profile of the configuration (its options, and these on top).")
    String profile;

    /** Reads {@code args} (after {@code provision}). */
    public static ProvisionArguments parse(String... args) {
        var arguments = new ProvisionArguments();
        commandLine(arguments).parseArgs(normalise(args));
        return arguments;
    }

    static CommandLine commandLine(ProvisionArguments arguments) {
        // @file is the seed's syntax for --process-users' value, not picocli's argument files
        return new CommandLine(arguments).setExpandAtFiles(false).setPosixClusteredShortOptionsAllowed(true)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    /**
     * argparse's {@code nargs='?'}: {@code -a} followed by a group name means {@code -a all}, not a choice called
     * like the group.
     */
    static String[] normalise(String... args) {
        var out = new ArrayList<String>(Arrays.asList(args));
        for (int i = 0; i < out.size(); i++) {
            String arg = out.get(i);
            if ((arg.equals("-a") || arg.equals("--auto-create")) && i + 1 < out.size()) {
                String next = out.get(i + 1).toLowerCase(Locale.ROOT);
                if (!next.equals("all") && !next.equals("groups")) {
                    out.add(i + 1, "all");
                }
            }
        }
        return out.toArray(String[]::new);
    }

    /** The sync options these arguments give (credentials apart); {@code @file} lists read relative to here. */
    public SyncOptions options() {
        UserType type;
        try {
            type = userType == null ? null : UserType.fromWireName(userType);
        } catch (IllegalArgumentException e) {
            throw new InvalidSyncOptionsException("--user-type", "argument -t/--user-type: " + e.getMessage());
        }
        AutoCreate create;
        if (autoCreate == null) {
            create = AutoCreate.NONE;
        } else if (autoCreate.equalsIgnoreCase("all")) {
            create = AutoCreate.ALL;
        } else if (autoCreate.equalsIgnoreCase("groups")) {
            create = AutoCreate.GROUPS;
        } else {
            throw new InvalidSyncOptionsException("--auto-create", "argument -a/--auto-create: invalid choice: '"
                    + autoCreate + "' (choose from 'all', 'groups')");
        }
        return new SyncOptions(groups, filter, verbose, dryRun, noSummary, fullSummary, type, usernameAttr,
                firstNameAttr, lastNameAttr, emailAttr, skipDefaultGroup, processChildGroups, create, force,
                targetGroup, split(customUserAttribute), split(mapAttrToGroup), customAttrAppId,
                trustedServerUsernameAttr, username, attributesTransformation, users(processUsers), proxy, full);
    }

    /**
     * The credentials for the run: with {@code --username} only from the O365_USERSYNC_* variables (the seed's
     * rule); otherwise the flags, then the variables. Missing parts come from the configuration later.
     */
    public GraphCredentials credentials(Map<String, String> environment) {
        if (username != null) {
            if (tenant != null || clientId != null || clientSecret != null) {
                throw new InvalidSyncOptionsException("--username", "with --username the credentials must come from "
                        + "the environment variables " + ENV_TENANT + ", " + ENV_CLIENT_ID + " and "
                        + ENV_CLIENT_SECRET + ", not from --tenant, --client-id or --client-secret");
            }
            return new GraphCredentials(environment.get(ENV_TENANT), environment.get(ENV_CLIENT_ID),
                    environment.get(ENV_CLIENT_SECRET), clientCertificate, clientCertificatePassword);
        }
        return new GraphCredentials(first(tenant, environment.get(ENV_TENANT)),
                first(clientId, environment.get(ENV_CLIENT_ID)),
                clientCertificate != null ? clientSecret : first(clientSecret, environment.get(ENV_CLIENT_SECRET)),
                clientCertificate, clientCertificatePassword);
    }

    public boolean credentialsGiven() {
        return tenant != null || clientId != null || clientSecret != null || clientCertificate != null;
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    static List<String> split(String list) {
        if (list == null) {
            return List.of();
        }
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** {@code user1,user2} or {@code @users.txt} (one per line; blank lines and {@code #} comments ignored). */
    static List<String> users(String value) {
        if (value == null) {
            return List.of();
        }
        if (!value.startsWith("@")) {
            return split(value);
        }
        Path file = Path.of(value.substring(1));
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new InvalidSyncOptionsException("--process-users", "argument --process-users: can't open '"
                    + file + "': " + e.getMessage());
        }
    }
}
