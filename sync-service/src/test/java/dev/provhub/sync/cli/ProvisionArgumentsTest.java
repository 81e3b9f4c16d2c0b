package dev.provhub.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.provhub.sync.directory.UserType;
import dev.provhub.sync.profile.ShellWords;
import dev.provhub.sync.run.AutoCreate;
import dev.provhub.sync.run.InvalidSyncOptionsException;

/** The seed's arguments as argparse reads them. */
class ProvisionArgumentsTest {

    @Test
    void readsTheSeedsExample() {
        var arguments = ProvisionArguments.parse("--tenant", "t", "--client-id", "c", "--client-secret", "s",
                "--auto-create", "all", "--full-summary", "Group name", "-v");
        var options = arguments.options();
        assertThat(options.groups()).containsExactly("Group name");
        assertThat(options.autoCreate()).isEqualTo(AutoCreate.ALL);
        assertThat(options.fullSummary()).isTrue();
        assertThat(options.verbose()).isTrue();
        assertThat(options.usernameAttr()).isEqualTo("userPrincipalName");
        assertThat(arguments.credentials(Map.of()).secret()).isEqualTo("s");
    }

    @Test
    void autoCreateWithoutAValueMeansAllEvenBeforeAGroupName() {
        assertThat(ProvisionArguments.parse("-a", "G").options().autoCreate()).isEqualTo(AutoCreate.ALL);
        assertThat(ProvisionArguments.parse("-a", "G").options().groups()).containsExactly("G");
        assertThat(ProvisionArguments.parse("G", "-a").options().autoCreate()).isEqualTo(AutoCreate.ALL);
        assertThat(ProvisionArguments.parse("-a", "groups", "G").options().autoCreate()).isEqualTo(AutoCreate.GROUPS);
        assertThat(ProvisionArguments.parse("G").options().autoCreate()).isEqualTo(AutoCreate.NONE);
    }

    @Test
    void shortFlagsListsAndDryRunImplyingVerbose() {
        var options = ProvisionArguments.parse("-nq", "-t", "administrator", "--custom-user-attribute", "a, b",
                "--map-attr-to-group", "department", "--process-users", "x,y", "G").options();
        assertThat(options.dryRun()).isTrue();
        assertThat(options.verbose()).isTrue();
        assertThat(options.noSummary()).isTrue();
        assertThat(options.userType()).isEqualTo(UserType.ADMINISTRATOR);
        assertThat(options.customUserAttributes()).containsExactly("a", "b");
        assertThat(options.processUsers()).containsExactly("x", "y");
    }

    @Test
    void credentialsComeFromTheEnvironmentWhenNotGiven() {
        var env = Map.of("O365_USERSYNC_TENANT", "t", "O365_USERSYNC_CLIENT_ID", "c", "O365_USERSYNC_CLIENT_SECRET",
                "s");
        assertThat(ProvisionArguments.parse("G").credentials(env).complete()).isTrue();
        assertThat(ProvisionArguments.parse("--username", "u", "G").credentials(env).secret()).isEqualTo("s");
        assertThatThrownBy(() -> ProvisionArguments.parse("--username", "u", "--tenant", "x", "G").credentials(env))
                .isInstanceOf(InvalidSyncOptionsException.class);
        assertThat(ProvisionArguments.parse("--client-secret", "s", "G").credentials(Map.of()).toString())
                .doesNotContain("s]").contains("***");
    }

    @Test
    void profileOptionsSplitLikeAShell() {
        assertThat(ShellWords.split("-a all --filter \"O365 \" 'Group one' plain\\ word"))
                .containsExactly("-a", "all", "--filter", "O365 ", "Group one", "plain word");
    }
}
