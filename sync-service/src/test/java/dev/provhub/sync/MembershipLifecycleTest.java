package dev.provhub.sync;

import static dev.provhub.sync.DemoTenantIds.upn;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.provhub.sync.cli.ProvisionCommand;
import dev.provhub.sync.directory.ManualMemberships;

/**
 * Users leaving, disabled and deleted in Entra: managed memberships go, memberships made by hand stay; disabled
 * users are deactivated and deleted ones deleted; a run that would empty a group is refused unless forced.
 */
@SyncServiceTest
class MembershipLifecycleTest extends FreshTenantTest {

    private static final String[] STAFF = { "-a", "all", "--process-child-groups", "O365 Staff" };

    @Inject
    ManualMemberships manual;

    @Test
    void aUserWhoLeavesLosesOnlyTheSyncsMembership() {
        fixture.provision(STAFF);
        manual.add("O365 Staff", upn("staff.member30"));
        fixture.simulator().directory().removeMember(DemoTenantIds.group("O365 Staff"),
                DemoTenantIds.user("staff.member30"));
        fixture.simulator().directory().removeMember(DemoTenantIds.group("O365 Staff"),
                DemoTenantIds.user("staff.member31"));

        var result = fixture.provision(STAFF);

        assertThat(result.exitCode()).isZero();
        assertThat(fixture.members("O365 Staff")).hasSize(39).contains(upn("staff.member30"))
                .doesNotContain(upn("staff.member31"));
        assertThat(fixture.sources("O365 Staff", upn("staff.member30"))).containsExactly("manual");
        assertThat(result.run().summary().groups().get("O365 Staff").removed()).isEqualTo(1);
        assertThat(fixture.user(upn("staff.member31")).enabled).isTrue();
        assertThat(fixture.members("Default Group")).contains(upn("staff.member31"));
    }

    @Test
    void disabledUsersAreDeactivatedAndComeBackWhenEnabled() {
        fixture.provision(STAFF);
        var disable = JsonNodeFactory.instance.objectNode().put("accountEnabled", false);
        fixture.simulator().directory().update(DemoTenantIds.user("staff.member05"), disable);

        var result = fixture.provision(STAFF);
        assertThat(result.total("usersDeactivated")).isEqualTo(1);
        assertThat(fixture.user(upn("staff.member05")).enabled).isFalse();

        fixture.simulator().directory().update(DemoTenantIds.user("staff.member05"),
                JsonNodeFactory.instance.objectNode().put("accountEnabled", true));
        assertThat(fixture.provision(STAFF).total("usersReactivated")).isEqualTo(1);
        assertThat(fixture.user(upn("staff.member05")).enabled).isTrue();
    }

    @Test
    void deletedUsersAreDeleted() {
        fixture.provision(STAFF);
        manual.add("O365 Staff", upn("staff.member06"));
        fixture.simulator().directory().delete(DemoTenantIds.user("staff.member06"));

        var result = fixture.provision(STAFF);

        assertThat(result.total("usersDeleted")).isEqualTo(1);
        var deleted = fixture.user(upn("staff.member06"));
        assertThat(deleted.deleted).isTrue();
        assertThat(deleted.enabled).isFalse();
        assertThat(fixture.sources("O365 Staff", upn("staff.member06"))).containsExactly("manual");
        assertThat(fixture.sources("Default Group", upn("staff.member06"))).isEmpty();
    }

    @Test
    void aRunThatWouldRemoveTooManyMembersIsRefusedUnlessForced() {
        fixture.provision(STAFF);

        var refused = fixture.provision("-a", "all", "O365 Staff");
        assertThat(refused.exitCode()).isEqualTo(ProvisionCommand.FAILED);
        assertThat(refused.err()).contains("25 of the 40 members of group 'O365 Staff' (62.5 %)")
                .contains("threshold of 20 %");
        assertThat(fixture.members("O365 Staff")).hasSize(40);

        var forced = fixture.provision("-a", "all", "--force", "O365 Staff");
        assertThat(forced.exitCode()).isZero();
        assertThat(fixture.members("O365 Staff")).hasSize(15);
    }
}
