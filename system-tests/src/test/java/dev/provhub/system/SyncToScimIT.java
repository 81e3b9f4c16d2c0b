package dev.provhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.tenant.DirectoryObject;

/**
 * Office 365 groups into Entra when an administrator asks for it: the packaged sync-service and scim-service as
 * processes, the simulator as Microsoft 365. scim-service has sync-service on its allow-list and a mapping whose
 * anchor (externalId) is the employeeId sync-service publishes, so the synced staff are matched to their own
 * accounts: updated, never created a second time. The loop this configuration closes settles: a second sync finds
 * nothing new to publish and scim-service sends nothing more.
 */
class SyncToScimIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String STAFF_OPTIONS = "--auto-create all --process-child-groups "
            + "--custom-user-attribute employeeId \"O365 Staff\"";
    private static final String TITLE = "Staff (Office 365)";
    /** The administrator's events mapping: anchored on the employeeId sync-service reads from Graph. */
    private static final String MAPPING = """
            @{
                externalId  = 'attributes.employeeId'
                userName    = 'upn'
                active      = 'active'
                displayName = 'displayName'
                title       = { 'Staff (Office 365)' }
                name        = @{
                    givenName  = 'givenName'
                    familyName = 'familyName'
                }
            }
            """;

    @Test
    void syncedStaffReachTheirOwnEntraAccountsWhenScimServiceIsConfiguredForThem() throws Exception {
        try (var deployment = Deployment.create("synctoscim")) {
            Path mapping = Files.writeString(deployment.work().resolve("staff-mapping.psd1"), MAPPING);
            var replicas = deployment.start(
                    deployment.syncReplica("sync-service").with("provhub.sync.profiles.staff.options", STAFF_OPTIONS),
                    deployment.scimReplica("scim-service").with("provhub.scim.events.origins", "sync-service")
                            .with("provhub.scim.events.mapping", mapping.toString()));
            var syncs = new SyncApi(replicas.get(0), deployment.operatorToken());
            ServiceProcess scim = replicas.get(1);
            Simulator m365 = deployment.simulator();
            // the demo tenant's staff: 15 in "O365 Staff" itself, 25 teachers in its nested "O365 Teachers"
            Map<String, String> staffIds = m365.users().stream().filter(user -> user.text("employeeId") != null
                    && user.text("employeeId").startsWith("S"))
                    .collect(Collectors.toMap(user -> user.text("employeeId"), DirectoryObject::id));
            assertThat(staffIds).hasSize(40);
            int accountsBefore = m365.users().size();

            JsonNode run = syncs.awaitFinished(syncs.runProfile("staff"), TIMEOUT);
            assertThat(RunStatus.of(run)).as(run.toString()).isEqualTo(RunStatus.COMPLETED);
            long events = deployment.syncDatabase().number("select count(*) from outbox_event");
            assertThat(events).as("one user.created per synced user").isEqualTo(staffIds.size());

            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> m365.users().stream()
                    .filter(user -> TITLE.equals(user.text("jobTitle"))).count() == staffIds.size());
            assertThat(m365.users()).as("accounts: matched on employeeId, none created").hasSize(accountsBefore);
            for (var staff : staffIds.entrySet()) {
                DirectoryObject account = m365.raw().directory().user(staff.getValue());
                assertThat(account.text("employeeId")).isEqualTo(staff.getKey());
                assertThat(account.text("jobTitle")).as(staff.getKey()).isEqualTo(TITLE);
            }
            List<ObjectNode> log = m365.raw().provisioning().log().entries();
            assertThat(log).as("provisioning log: one update per staff member, on their own account")
                    .hasSize(staffIds.size()).allSatisfy(entry -> {
                        assertThat(entry.path("provisioningAction").asText()).isEqualTo("update");
                        assertThat(entry.at("/provisioningStatusInfo/status").asText()).isEqualTo("success");
                        assertThat(entry.at("/targetIdentity/id").asText())
                                .isEqualTo(staffIds.get(entry.at("/sourceIdentity/id").asText()));
                    });
            assertThat(m365.bulkUploads()).as("bulkUpload calls").isNotEmpty()
                    .allSatisfy(call -> assertThat(call.status()).isEqualTo(202));
            int callsAfterFirstSync = m365.bulkUploads().size();

            // the loop: Entra now holds what scim-service sent; a second sync reads it and has nothing to publish
            JsonNode again = syncs.awaitFinished(syncs.runProfile("staff"), TIMEOUT);
            assertThat(RunStatus.of(again)).as(again.toString()).isEqualTo(RunStatus.COMPLETED);
            assertThat(deployment.syncDatabase().number("select count(*) from outbox_event"))
                    .as("events after the second sync").isEqualTo(events);
            // scim-service flushes pending changes every second: give it three before concluding it sent nothing
            Thread.sleep(3_000);
            assertThat(m365.bulkUploads()).as("bulkUpload calls after the second sync").hasSize(callsAfterFirstSync);
            System.out.printf("sync -> scim-service -> directory (configured): %d events, %d bulkUpload calls, %d "
                    + "accounts updated, %d created; second sync: %d new events, %d calls%n", events,
                    callsAfterFirstSync, log.size(), m365.users().size() - accountsBefore,
                    deployment.syncDatabase().number("select count(*) from outbox_event") - events,
                    m365.bulkUploads().size() - callsAfterFirstSync);
            assertThat(scim.log()).doesNotContain(m365.clientSecret());
            assertThat(replicas.get(0).log()).doesNotContain(m365.clientSecret());
        }
    }
}
