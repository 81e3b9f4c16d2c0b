package dev.provhub.sync.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.provhub.sync.cli.ProvisionArguments;
import dev.provhub.sync.config.SyncConfig;
import dev.provhub.sync.run.InvalidSyncOptionsException;
import dev.provhub.sync.run.SyncOptions;
import dev.provhub.sync.run.SyncOptionsValidator;
import picocli.CommandLine;

/**
 * The sync profiles of the configuration, read with the command's own parser: a profile's options are the
 * command's flags, so whatever runs from the command runs as a profile. Credentials are refused in profiles (they
 * come from {@code provhub.sync.graph.*}, a Secret).
 */
@ApplicationScoped
public class SyncProfiles {

    /** A profile: its options and its schedule (empty: only when asked). */
    public record Profile(String name, SyncOptions options, Optional<String> cron, String optionsText) {
    }

    private final Map<String, Profile> profiles = new TreeMap<>();

    SyncProfiles(SyncConfig config) {
        config.profiles().forEach((name, profile) -> profiles.put(name, read(name, profile.options(),
                profile.cron().filter(c -> !c.isBlank() && !c.equalsIgnoreCase("off")))));
    }

    public Optional<Profile> find(String name) {
        return Optional.ofNullable(profiles.get(name));
    }

    public List<Profile> all() {
        return new ArrayList<>(profiles.values());
    }

    /** The profile's arguments followed by {@code more} (which win), as one command line. */
    public static List<String> arguments(Profile profile, List<String> more) {
        var all = new ArrayList<>(ShellWords.split(profile.optionsText()));
        all.addAll(more);
        return all;
    }

    static Profile read(String name, String text, Optional<String> cron) {
        try {
            ProvisionArguments arguments = ProvisionArguments.parse(ShellWords.split(text).toArray(String[]::new));
            if (arguments.credentialsGiven()) {
                throw new IllegalArgumentException("credentials do not belong in a profile; set "
                        + "provhub.sync.graph.tenant-id, client-id and client-secret (or client-certificate)");
            }
            return new Profile(name, SyncOptionsValidator.validate(arguments.options()), cron, text);
        } catch (CommandLine.ParameterException | InvalidSyncOptionsException | IllegalArgumentException e) {
            throw new IllegalStateException("provhub.sync.profiles." + name + ".options is invalid: " + e.getMessage(),
                    e);
        }
    }
}
