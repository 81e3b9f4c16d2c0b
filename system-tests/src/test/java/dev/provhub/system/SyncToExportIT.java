package dev.provhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Office 365 groups into the hub, end to end: the packaged sync-service, export-service and scim-service as
 * processes on one Kafka and one PostgreSQL, the simulator as Microsoft 365 and a real FTPS server. A sync of the
 * simulator's "O365 Staff" group (nested "O365 Teachers" included) publishes its users' changes; export-service,
 * with sync-service on its allow-list, sends them to Office 365's FTPS server; scim-service, with its default
 * allow-list, never sends users that came from Office 365 back to Entra (no loop).
 */
class SyncToExportIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String STAFF_OPTIONS = "--auto-create all --process-child-groups "
            + "--custom-user-attribute employeeId \"O365 Staff\"";

    @Test
    void syncedUsersAreExportedWhenAllowedAndNeverSentBackToEntra() throws Exception {
        try (var deployment = Deployment.create("synctoexport")) {
            var replicas = deployment.start(
                    deployment.syncReplica("sync-service").with("provhub.sync.profiles.staff.options", STAFF_OPTIONS),
                    deployment.exportReplica("export-service")
                            .with("provhub.export.origins", "import-service,sync-service")
                            .with("provhub.export.columns.membernumber", "employeeNumber,attributes.employeeId"),
                    deployment.scimReplica("scim-service"));
            var syncs = new SyncApi(replicas.get(0), deployment.operatorToken());
            var exports = new ExportApi(replicas.get(1), deployment.operatorToken());
            ServiceProcess scim = replicas.get(2);
            Simulator m365 = deployment.simulator();
            // the demo tenant's staff: 15 in "O365 Staff" itself, 25 teachers in its nested "O365 Teachers"
            Set<String> staff = m365.users().stream().filter(user -> user.text("employeeId") != null
                    && user.text("employeeId").startsWith("S"))
                    .map(user -> user.text("employeeId") + "," + user.text("userPrincipalName"))
                    .collect(Collectors.toSet());
            assertThat(staff).hasSize(40);

            JsonNode run = syncs.awaitFinished(syncs.runProfile("staff"), TIMEOUT);
            assertThat(RunStatus.of(run)).as(run.toString()).isEqualTo(RunStatus.COMPLETED);
            await().atMost(TIMEOUT).until(() -> deployment.syncDatabase()
                    .number("select count(*) from outbox_event where sent_at is null") == 0);
            long events = deployment.syncDatabase().number("select count(*) from outbox_event");
            assertThat(events).as("one user.created per synced user").isEqualTo(staff.size());

            await().atMost(TIMEOUT).until(() -> exports.appliedEvents() >= events);
            JsonNode export = exports.awaitFinished(exports.start(), TIMEOUT);
            assertThat(RunStatus.of(export)).as(export.toString()).isEqualTo(RunStatus.COMPLETED);
            String created = Files.readString(deployment.ftps().uploaded(ExportApi.fileName(export, "Uudet_")),
                    StandardCharsets.UTF_8);
            assertThat(created.lines().map(line -> String.join(",", Arrays.copyOf(line.split(",", -1), 2))))
                    .as("member number (employeeId) and UPN of each new member").containsExactlyInAnyOrderElementsOf(
                            staff);

            try (var admin = deployment.kafka().admin()) {
                await().atMost(TIMEOUT).until(() -> TopicRecords.consumedToTheEnd(admin, deployment.topic(),
                        deployment.scimConsumerGroup()));
            }
            assertThat(Metrics.value(scim, "provhub_scim_events_total", "outcome=\"ignored\""))
                    .as("changes scim-service read and left alone").isEqualTo(events);
            // scim-service flushes pending changes every second: give it three before concluding it sent nothing
            Thread.sleep(3_000);
            assertThat(m365.bulkUploads()).as("bulkUpload calls for users that came from Office 365").isEmpty();
            List<JsonNode> jobs = List.copyOf(toList(scim.getJson("/api/scim/jobs?limit=100",
                    deployment.operatorToken())));
            assertThat(jobs).as("SCIM jobs").allSatisfy(job -> assertThat(job.at("/progress/recordsRead").asLong())
                    .isZero());
            assertThat(replicas.get(0).log()).doesNotContain(m365.clientSecret());
        }
    }

    private static List<JsonNode> toList(JsonNode array) {
        var list = new java.util.ArrayList<JsonNode>();
        array.forEach(list::add);
        return list;
    }
}
