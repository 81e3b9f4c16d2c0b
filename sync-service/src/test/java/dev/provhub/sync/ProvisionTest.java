package dev.provhub.sync;

import static dev.provhub.sync.DemoTenantIds.upn;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.provhub.runs.RunStatus;
import dev.provhub.sync.cli.ProvisionCommand;
import dev.provhub.sync.directory.AppUser;

/** The seed's provision command against the demo tenant: groups, nested groups, members, auto-create modes. */
@SyncServiceTest
class ProvisionTest extends FreshTenantTest {

    @Test
    void createsTheGroupAndEveryUserOfNestedGroupsIgnoringDevicesAndContacts() {
        var result = fixture.provision("--auto-create", "all", "--process-child-groups", "--full-summary",
                "O365 Staff", "-v");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ProvisionCommand.OK);
        assertThat(result.run().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(fixture.members("O365 Staff")).hasSize(40).contains(upn("staff.member01"), upn("staff.member40"));
        assertThat(fixture.members("Default Group")).hasSize(40);
        assertThat(result.total("usersCreated")).isEqualTo(40);
        assertThat(result.total("ignoredMembers")).isEqualTo(2);
        assertThat(result.total("groupsCreated")).isEqualTo(2);
        assertThat(result.out()).contains("O365 Staff").contains("40 users created");
        AppUser teacher = fixture.user(upn("staff.member01"));
        assertThat(teacher.firstName).isEqualTo("Staff");
        assertThat(teacher.lastName).isEqualTo("Member01");
        assertThat(teacher.email).isEqualTo(upn("staff.member01"));
        assertThat(teacher.graphId).isEqualTo(DemoTenantIds.user("staff.member01"));
        assertThat(teacher.userType).isEqualTo("regular");
        assertThat(fixture.outboxEvents()).isEqualTo(40);
    }

    @Test
    void withoutChildGroupsOnlyDirectMembersAreSynced() {
        var result = fixture.provision("-a", "O365 Staff");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(fixture.members("O365 Staff")).hasSize(15).doesNotContain(upn("staff.member01"));
    }

    @Test
    void aSecondRunChangesNothingAndPublishesNothing() {
        fixture.provision("-a", "all", "--process-child-groups", "O365 Staff");
        long events = fixture.outboxEvents();

        var again = fixture.provision("-a", "all", "--process-child-groups", "O365 Staff");

        assertThat(again.exitCode()).isZero();
        assertThat(again.total("usersUnchanged")).isEqualTo(40);
        assertThat(again.total("usersCreated")).isZero();
        assertThat(fixture.outboxEvents()).isEqualTo(events);
    }

    @Test
    void anUnknownGroupIsAClearErrorBeforeAnythingChanges() {
        var result = fixture.provision("-a", "all", "O365 Staff", "No Such Group");

        assertThat(result.exitCode()).isEqualTo(ProvisionCommand.FAILED);
        assertThat(result.err()).contains("no group named 'No Such Group'");
        assertThat(fixture.userCount()).isZero();
        assertThat(fixture.groupNames()).isEmpty();
    }

    @Test
    void wrongFlagCombinationsAreUsageErrors() {
        var result = fixture.provision("--target-group", "All", "--username", "x@y", "O365 Staff");

        assertThat(result.exitCode()).isEqualTo(ProvisionCommand.USAGE);
        assertThat(result.err()).contains("--target-group cannot be combined with --username");
        assertThat(fixture.provision().err()).contains("group_dns");
        assertThat(fixture.provision("--user-type", "boss", "G").err()).contains("invalid choice: 'boss'");
        assertThat(fixture.provision("--no-such-flag", "G").exitCode()).isEqualTo(ProvisionCommand.USAGE);
        assertThat(fixture.latestRun()).isNull();
    }
}
