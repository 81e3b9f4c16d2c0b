package dev.provhub.sync;

import static dev.provhub.sync.DemoTenantIds.upn;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.provhub.localinfra.TemporaryFolders;
import dev.provhub.sync.cli.ProvisionCommand;

/** Every option of the seed's provision command, alone and in the combinations the issue names. */
@SyncServiceTest
class ProvisionOptionsTest extends FreshTenantTest {

    private static final String EXTENSION_APP = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

    @Test
    void withoutAutoCreateOnlyExistingGroupsAndTheirExistingUsersAreSynced() {
        var none = fixture.provision("O365 Staff");
        assertThat(none.exitCode()).isZero();
        assertThat(fixture.groupNames()).containsExactly("Default Group");
        assertThat(fixture.userCount()).isZero();
        assertThat(none.run().summary().notes()).anyMatch(n -> n.contains("'O365 Staff' does not exist"));

        fixture.sql("insert into app_group (id, name) values (gen_random_uuid(), 'O365 Staff')");
        fixture.sql("insert into app_user (id, user_name) values (gen_random_uuid(), '" + upn("staff.member30") + "')");
        var existing = fixture.provision("O365 Staff");

        assertThat(existing.total("usersCreated")).isZero();
        assertThat(existing.total("usersSkipped")).isEqualTo(14);
        assertThat(fixture.members("O365 Staff")).containsExactly(upn("staff.member30"));
        assertThat(fixture.user(upn("staff.member30")).graphId).isEqualTo(DemoTenantIds.user("staff.member30"));
        assertThat(fixture.user(upn("staff.member30")).firstName).isEqualTo("Staff");
    }

    @Test
    void autoCreateGroupsCreatesGroupsButNoUsers() {
        fixture.sql("insert into app_user (id, user_name) values (gen_random_uuid(), '" + upn("staff.member31") + "')");

        var result = fixture.provision("-a", "groups", "O365 Staff");

        assertThat(fixture.groupNames()).containsExactly("Default Group", "O365 Staff");
        assertThat(result.total("usersCreated")).isZero();
        assertThat(fixture.members("O365 Staff")).containsExactly(upn("staff.member31"));
    }

    @Test
    void targetGroupTakesTheMembersOfEveryGroupAndSkipDefaultGroupLeavesTheDefaultGroupAlone() {
        var result = fixture.provision("-a", "--target-group", "Pupils", "--skip-default-group", "O365 Class 7A",
                "O365 Class 7B");

        assertThat(result.exitCode()).isZero();
        assertThat(fixture.groupNames()).containsExactly("Pupils");
        assertThat(fixture.members("Pupils")).hasSize(52);
    }

    @Test
    void filterSyncsEveryGroupWhoseNameStartsWithTheText() {
        var result = fixture.provision("-a", "all", "--filter", "O365 Class 7");

        assertThat(result.exitCode()).isZero();
        assertThat(fixture.groupNames()).hasSize(11).contains("O365 Class 7A", "O365 Class 7J", "Default Group");
        assertThat(fixture.members("O365 Class 7C")).hasSize(26);
        assertThat(fixture.userCount()).isEqualTo(260);
    }

    @Test
    void userTypeIsGivenToCreatedUsers() {
        fixture.provision("-a", "-t", "power_user", "O365 Staff");

        assertThat(fixture.user(upn("staff.member26")).userType).isEqualTo("power_user");
    }

    @Test
    void attributeValuesNameMoreGroups() {
        fixture.provision("-a", "all", "--process-child-groups", "--map-attr-to-group", "department,jobTitle",
                "O365 Staff");

        assertThat(fixture.members("Teaching")).hasSize(25);
        assertThat(fixture.members("Office")).hasSize(15);
        assertThat(fixture.members("Administrator")).hasSize(15);
        assertThat(fixture.sources("Teaching", upn("staff.member01"))).containsExactly("attribute:department");
    }

    @Test
    void customAttributesIncludeDirectoryExtensionsAndNestedAttributes() {
        fixture.provision("-a", "all", "--process-child-groups", "--custom-user-attribute",
                "staffNumber,jobTitle,onPremisesExtensionAttributes.extensionAttribute1", "--custom-attr-app-id",
                EXTENSION_APP, "O365 Staff");

        var user = fixture.user(upn("staff.member02"));
        assertThat(user.customAttributes).containsEntry("staffNumber", "10002").containsEntry("jobTitle", "Teacher")
                .containsEntry("onPremisesExtensionAttributes.extensionAttribute1", "campus-north");
    }

    @Test
    void transformationsInTheSeedsSyntaxAndAsJsonGiveTheSameUsers() {
        String python = "[{'attr_name': 'trusted_server_username', 'action': '^([a-zA-Z0-9._%+-]+)@', "
                + "'method':'match'}, {'attr_name': 'trusted_server_username', 'action': '\\.,_', 'method':'sub'}]";
        fixture.provision("-a", "--trusted-server-username-attr", "mail", "--attributes-transformation", python,
                "O365 Staff");
        assertThat(fixture.user(upn("staff.member30")).trustedServerUserName).isEqualTo("staff_member30");

        fixture.reset();
        String json = "[{\"attr_name\": \"trusted_server_username\", \"action\": \"^([a-zA-Z0-9._%+-]+)@\", "
                + "\"method\": \"match\"}, {\"attr_name\": \"trusted_server_username\", \"action\": \"\\\\.,_\", "
                + "\"method\": \"sub\"}, {\"attr_name\": \"first_name\", \"action\": \"^(.)(.*)$,\\\\2\\\\1\", "
                + "\"method\": \"sub\"}]";
        fixture.provision("-a", "--trusted-server-username-attr", "mail", "--attributes-transformation", json,
                "O365 Staff");
        assertThat(fixture.user(upn("staff.member30")).trustedServerUserName).isEqualTo("staff_member30");
        assertThat(fixture.user(upn("staff.member30")).firstName).isEqualTo("taffS");
    }

    @Test
    void aTransformationThatCannotRunOnTheLinearEngineIsRefused() {
        var result = fixture.provision("-a", "--attributes-transformation",
                "[{'attr_name': 'username', 'action': '^(?=a)', 'method': 'match'}]", "O365 Staff");

        assertThat(result.exitCode()).isEqualTo(ProvisionCommand.USAGE);
        assertThat(result.err()).contains("linear-time engine");
    }

    @Test
    void oneUserWithCredentialsFromTheEnvironment() {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        Map<String, String> env = Map.of("O365_USERSYNC_TENANT", config.getValue("provhub.m365.tenant-id",
                String.class), "O365_USERSYNC_CLIENT_ID", config.getValue("provhub.m365.client-id", String.class),
                "O365_USERSYNC_CLIENT_SECRET", config.getValue("provhub.m365.client-secret", String.class));

        var result = fixture.provision(env, "-a", "--process-child-groups", "--username", upn("staff.member07"),
                "O365 Staff");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(fixture.userCount()).isEqualTo(1);
        assertThat(fixture.members("O365 Staff")).containsExactly(upn("staff.member07"));
        var refused = fixture.provision(env, "--client-secret", "x", "--username", upn("staff.member07"), "O365 Staff");
        assertThat(refused.exitCode()).isEqualTo(ProvisionCommand.USAGE);
        assertThat(refused.err()).contains("O365_USERSYNC_CLIENT_SECRET");
    }

    @Test
    void processUsersFromAFile() throws Exception {
        Path file = TemporaryFolders.file("users", ".txt");
        Files.write(file, List.of(upn("staff.member26"), "# a comment", "", upn("staff.member27")));

        fixture.provision("-a", "--process-users", "@" + file, "O365 Staff");

        assertThat(fixture.members("O365 Staff")).containsExactly(upn("staff.member26"), upn("staff.member27"));
        fixture.provision("-a", "--process-users", upn("staff.member28") + "," + upn("staff.member29"), "O365 Staff");
        assertThat(fixture.members("O365 Staff")).hasSize(4);
    }

    @Test
    void aDryRunReportsWhatTheRealRunDoesAndChangesNothing() {
        fixture.provision("-a", "O365 Staff");
        fixture.sql("insert into app_group (id, name) values (gen_random_uuid(), 'Teaching')");
        String before = fixture.directoryDump();
        String[] args = { "-a", "all", "--process-child-groups", "--map-attr-to-group", "department", "--full-summary",
                "O365 Staff", "O365 Year 7" };

        var dry = fixture.provision(concat("--dry-run", args));
        assertThat(dry.exitCode()).isZero();
        assertThat(fixture.directoryDump()).isEqualTo(before);
        assertThat(dry.out()).contains("dry run: nothing was changed");

        var real = fixture.provision(args);
        assertThat(real.run().summary().totals()).isEqualTo(dry.run().summary().totals());
        assertThat(real.run().summary().groups()).isEqualTo(dry.run().summary().groups());
        assertThat(real.run().items().size()).isEqualTo(dry.run().items().size());
        assertThat(real.total("usersCreated")).isEqualTo(25 + 260);
        assertThat(fixture.directoryDump()).isNotEqualTo(before);
    }

    @Test
    void forceRewritesEveryUser() {
        fixture.provision("-a", "O365 Staff");
        long events = fixture.outboxEvents();

        var forced = fixture.provision("-a", "--force", "O365 Staff");

        assertThat(forced.total("usersUpdated")).isEqualTo(15);
        assertThat(fixture.outboxEvents()).isEqualTo(events + 15);
    }

    private static String[] concat(String first, String[] rest) {
        var all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
