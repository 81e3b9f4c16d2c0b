package dev.provhub.sync;

import static dev.provhub.sync.DemoTenantIds.upn;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.provhub.sync.cli.ProvisionCommand;

/**
 * The app registration needs GroupMember.Read.All and User.Read.All, not the seed's Directory.Read.All: with exactly
 * those two, every read of a sync works (nested groups, custom and extension attributes, delta rounds, users by id);
 * without User.Read.All a profile's run (users/delta) is refused with Graph's reason.
 */
@SyncServiceTest
class LeastPrivilegeTest extends FreshTenantTest {

    /** The staff profile (nested groups, users created) with custom and extension attributes on top. */
    private static final String[] STAFF = { "--profile", "staff", "--custom-user-attribute",
            "department,onPremisesExtensionAttributes.extensionAttribute1" };

    @Test
    void groupMemberReadAllAndUserReadAllAreEnough() {
        grant("GroupMember.Read.All", "User.Read.All");

        assertThat(fixture.provision(STAFF).exitCode()).isEqualTo(ProvisionCommand.OK);
        fixture.simulator().directory().update(DemoTenantIds.user("staff.member08"),
                JsonNodeFactory.instance.objectNode().put("surname", "Least"));
        fixture.simulator().directory().delete(DemoTenantIds.user("staff.member09"));
        var incremental = fixture.provision(STAFF);
        var full = fixture.provision(concat(STAFF, "--full"));

        assertThat(incremental.exitCode()).as(incremental.err()).isEqualTo(ProvisionCommand.OK);
        assertThat(incremental.run().mode()).isEqualTo("incremental");
        assertThat(full.exitCode()).as(full.err()).isEqualTo(ProvisionCommand.OK);
        assertThat(fixture.user(upn("staff.member08")).lastName).isEqualTo("Least");
        assertThat(fixture.user(upn("staff.member09")).deleted).isTrue();
        assertThat(fixture.simulator().journal().entries(e -> e.status() == 403)).isEmpty();
    }

    @Test
    void withoutUserReadAllAProfilesRunFailsWithGraphsReason() {
        grant("GroupMember.Read.All");

        var refused = fixture.provision(STAFF);

        assertThat(refused.exitCode()).isEqualTo(ProvisionCommand.FAILED);
        assertThat(refused.err()).contains("Authorization_RequestDenied");
        assertThat(fixture.userCount()).isZero();
    }

    private static void grant(String... permissions) {
        String clientId = ConfigProvider.getConfig().getValue("provhub.m365.client-id", String.class);
        SyncFixture.simulator().tenant().application(clientId).grantPermissions(Set.of(permissions));
    }

    private static String[] concat(String[] args, String more) {
        var all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = more;
        return all;
    }
}
