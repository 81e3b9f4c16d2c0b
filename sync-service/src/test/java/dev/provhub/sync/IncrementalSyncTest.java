package dev.provhub.sync;

import static dev.provhub.sync.DemoTenantIds.upn;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.provhub.m365sim.tenant.DirectoryObjectType;

/**
 * Profiles read in full once, then from their delta links: the cost follows the changes; an expired delta link
 * reads in full by itself; {@code --full} forces it.
 */
@SyncServiceTest
class IncrementalSyncTest extends FreshTenantTest {

    @Test
    void theSecondRunOfAProfileReadsOnlyTheDeltaAndAppliesWhatChanged() {
        var first = fixture.provision("--profile", "staff");
        assertThat(first.run().mode()).isEqualTo("full");
        assertThat(fixture.members("O365 Staff")).hasSize(40);

        fixture.simulator().journal().clear();
        var nothing = fixture.provision("--profile", "staff");
        assertThat(nothing.run().mode()).isEqualTo("incremental");
        assertThat(nothing.run().graphRequests()).isEqualTo(2);
        assertThat(fixture.simulator().journal().forPath("/v1.0/")).hasSize(2);

        var directory = fixture.simulator().directory();
        var newcomer = directory.create(DirectoryObjectType.USER, JsonNodeFactory.instance.objectNode()
                .put("userPrincipalName", "new.teacher@contososchool.onmicrosoft.com").put("givenName", "New")
                .put("surname", "Teacher").put("mail", "new.teacher@contososchool.onmicrosoft.com")
                .put("accountEnabled", true));
        directory.addMember(DemoTenantIds.group("O365 Teachers"), newcomer.id());
        directory.removeMember(DemoTenantIds.group("O365 Staff"), DemoTenantIds.user("staff.member33"));
        directory.update(DemoTenantIds.user("staff.member02"), JsonNodeFactory.instance.objectNode()
                .put("surname", "Renamed"));
        directory.update(DemoTenantIds.user("staff.member03"), JsonNodeFactory.instance.objectNode()
                .put("accountEnabled", false));

        var changes = fixture.provision("--profile", "staff");

        assertThat(changes.exitCode()).as(changes.err()).isZero();
        assertThat(changes.run().mode()).isEqualTo("incremental");
        assertThat(fixture.members("O365 Staff")).hasSize(40).contains("new.teacher@contososchool.onmicrosoft.com")
                .doesNotContain(upn("staff.member33"));
        assertThat(fixture.user(upn("staff.member02")).lastName).isEqualTo("Renamed");
        assertThat(fixture.user(upn("staff.member03")).enabled).isFalse();
        assertThat(changes.total("usersCreated")).isEqualTo(1);
        assertThat(changes.run().graphRequests()).isLessThanOrEqualTo(4);

        // the same state as a full read gives
        var full = fixture.provision("--profile", "staff", "--full");
        assertThat(full.run().mode()).isEqualTo("full");
        assertThat(full.total("usersCreated") + full.total("usersUpdated") + full.total("membershipsAdded")
                + full.total("membershipsRemoved")).isZero();
    }

    @Test
    void anExpiredDeltaLinkReadsInFullByItself() {
        fixture.provision("--profile", "staff");
        fixture.simulator().clock().advance(Duration.ofDays(8));
        fixture.simulator().directory().removeMember(DemoTenantIds.group("O365 Teachers"),
                DemoTenantIds.user("staff.member04"));

        var result = fixture.provision("--profile", "staff");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.run().mode()).isEqualTo("full");
        assertThat(result.run().modeReason()).contains("expired");
        assertThat(fixture.members("O365 Staff")).doesNotContain(upn("staff.member04"));
        assertThat(fixture.provision("--profile", "staff").run().mode()).isEqualTo("incremental");
    }

    @Test
    void aNewGroupMatchingTheFilterMakesTheProfileReadInFull() {
        fixture.provision("--profile", "classes");
        assertThat(fixture.userCount()).isEqualTo(260);
        var directory = fixture.simulator().directory();
        var pupil = directory.create(DirectoryObjectType.USER, JsonNodeFactory.instance.objectNode()
                .put("userPrincipalName", "pupil.7k01@contososchool.onmicrosoft.com").put("accountEnabled", true));
        var group = directory.create(DirectoryObjectType.GROUP, JsonNodeFactory.instance.objectNode()
                .put("displayName", "O365 Class 7K"));
        directory.addMember(group.id(), pupil.id());

        var result = fixture.provision("--profile", "classes");

        assertThat(result.run().mode()).isEqualTo("full");
        assertThat(fixture.members("O365 Class 7K")).containsExactly("pupil.7k01@contososchool.onmicrosoft.com");
    }
}
