package dev.provhub.scim.run;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.provhub.events.UserChangeType;
import dev.provhub.events.UserChangedEvent;
import dev.provhub.httpapi.Roles;
import dev.provhub.localinfra.JwtTestResource;
import dev.provhub.m365sim.M365Simulator;
import dev.provhub.m365sim.M365SimulatorTestResource;
import dev.provhub.m365sim.tenant.DirectoryObject;
import dev.provhub.outbox.UserChangeOutbox;
import dev.provhub.scim.ScimServiceTest;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * user-change events as a source: changes published as import-service publishes them (libs/outbox's outbox and
 * relay) and of the allowed origin become SCIM jobs of source {@code events} that reach the directory; a deleted user
 * is sent with {@code active: false}; other origins are ignored.
 */
@ScimServiceTest
class EventSourceTest {

    @Inject
    UserChangeOutbox outbox;

    @Inject
    EntityManager em;

    M365Simulator simulator;

    @BeforeEach
    void reset() {
        simulator = M365SimulatorTestResource.simulator();
        ScimJobsApi.reset(em, simulator);
    }

    private static UserChangedEvent event(UUID id, long version, UserChangeType type, String origin, String number,
            boolean active) {
        return UserChangedEvent.builder().id(id).version(version).type(type).origin(origin).sourceKey("k" + number)
                .userName("u" + number).upn("event" + number + "@contoso.com").givenName("Given" + number)
                .familyName("Family" + number).displayName("Given" + number + " Family" + number)
                .email("event" + number + "@contoso.com").employeeNumber("E" + number).active(active).build();
    }

    /** Publishes the changes as import-service does: through the outbox in one transaction, relayed to Kafka. */
    private void publish(List<UserChangedEvent> events) {
        QuarkusTransaction.requiringNew().run(() -> events.forEach(outbox::publish));
    }

    @Test
    void changesOfImportedUsersReachTheDirectoryAndADeletedUserIsDisabled() {
        String number = String.valueOf(System.nanoTime() % 1_000_000);
        UUID kept = UUID.randomUUID();
        UUID deleted = UUID.randomUUID();
        UUID foreign = UUID.randomUUID();
        publish(List.of(event(kept, 1, UserChangeType.CREATED, "import-service", number + "1", true),
                event(deleted, 1, UserChangeType.CREATED, "import-service", number + "2", true),
                event(deleted, 2, UserChangeType.DELETED, "import-service", number + "2", false),
                event(foreign, 1, UserChangeType.CREATED, "sync-service", number + "3", true)));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            DirectoryObject user = simulator.directory().user("event" + number + "2@contoso.com");
            return user != null && simulator.directory().user("event" + number + "1@contoso.com") != null;
        });
        assertThat(simulator.directory().user("event" + number + "1@contoso.com").property("accountEnabled")
                .asBoolean()).isTrue();
        assertThat(simulator.directory().user("event" + number + "2@contoso.com").property("accountEnabled")
                .asBoolean()).isFalse();
        assertThat(simulator.directory().user("event" + number + "3@contoso.com")).isNull();
        List<Map<String, Object>> jobs = given().header("Authorization", JwtTestResource.bearer(Roles.VIEWER))
                .get("/api/scim/jobs").then().statusCode(200).extract().jsonPath().getList("findAll { it.source == "
                        + "'events' }");
        assertThat(jobs).isNotEmpty();
    }

    private static List<JsonNode> eventJobs() {
        try {
            JsonNode jobs = new ObjectMapper().readTree(given().header("Authorization", JwtTestResource.bearer(
                    Roles.VIEWER)).get("/api/scim/jobs?limit=500").then().statusCode(200).extract().asString());
            var events = new ArrayList<JsonNode>();
            jobs.forEach(job -> {
                if (job.get("source").asText().equals("events")) {
                    events.add(job);
                }
            });
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> ids(List<JsonNode> jobs) {
        return jobs.stream().map(job -> job.get("id").asText()).collect(Collectors.toSet());
    }

    private static List<JsonNode> newEventJobs(Set<String> before) {
        return eventJobs().stream().filter(job -> !before.contains(job.get("id").asText())).toList();
    }

    /** The jobs have taken {@code records} records in all, and are done with them. */
    private static boolean completed(List<JsonNode> jobs, long records) {
        return jobs.stream().mapToLong(job -> job.at("/progress/recordsRead").asLong()).sum() == records && jobs
                .stream().allMatch(job -> job.get("state").asText().startsWith("COMPLETED"));
    }

    @Test
    void aChangeNoMappedFieldShowsIsNotSentAgainAndADeactivatedUserIsDisabled() {
        String number = String.valueOf(System.nanoTime() % 1_000_000);
        Set<String> existing = ids(eventJobs());
        UUID same = UUID.randomUUID();
        UUID leaving = UUID.randomUUID();
        UserChangedEvent sameFirst = event(same, 1, UserChangeType.CREATED, "import-service", number + "4", true);
        publish(List.of(sameFirst, event(leaving, 1, UserChangeType.CREATED, "import-service", number + "5", true)));
        String leaver = "event" + number + "5@contoso.com";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> simulator.directory()
                .user(leaver) != null && completed(newEventJobs(existing), 2));
        Set<String> before = ids(eventJobs());

        // version 2 of the first user changes only its groups, which the mapping does not send
        publish(List.of(sameFirst.toBuilder().version(2).type(UserChangeType.UPDATED).groups(List.of("Staff"))
                .build(), event(leaving, 2, UserChangeType.DEACTIVATED, "import-service", number + "5", false)));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> completed(
                newEventJobs(before), 2));
        List<JsonNode> added = newEventJobs(before);
        assertThat(added.stream().mapToLong(job -> job.at("/progress/recordsUnchanged").asLong()).sum())
                .isEqualTo(1);
        assertThat(added.stream().mapToLong(job -> job.at("/progress/recordsSent").asLong()).sum()).isEqualTo(1);
        assertThat(simulator.directory().user(leaver).property("accountEnabled").asBoolean()).isFalse();
        assertThat(simulator.directory().user("event" + number + "4@contoso.com").property("accountEnabled")
                .asBoolean()).isTrue();
    }
}
