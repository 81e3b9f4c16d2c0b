package dev.provhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.provhub.m365sim.http.Fault;
import dev.provhub.m365sim.http.JournalEntry;

/**
 * Microsoft 365 misbehaving under the hub. While imported users flow to Entra through scim-service (events as its
 * source), the simulator answers bulkUpload with bursts of 429 and 503 and drops connections, and its token endpoint
 * is down for a while: every user still arrives once, no bulk request is accepted twice, and the service stays ready.
 * While sync-service reads a group, Graph throttles, fails and drops connections, which the sync waits out, and sends
 * a broken answer, which fails the sync clearly: the next one ends with every member once and one event each.
 */
@Tag("faults")
class SimulatorFaultsIT {

    private static final int PEOPLE = 200;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String BULK_UPLOAD = "/bulkUpload$";

    @Test
    void throttlingOutagesAndDroppedConnectionsDelayUsersButNoneIsLostOrSentTwice() throws Exception {
        try (var deployment = Deployment.create("simfaults")) {
            var replicas = deployment.start(deployment.importReplica("import-service"),
                    deployment.scimReplica("scim-service"));
            ServiceProcess scim = replicas.get(1);
            Simulator m365 = deployment.simulator();
            var faults = m365.raw().faults();
            faults.inject("/oauth2/v2.0/token", Fault.status(503), 3);
            faults.inject(BULK_UPLOAD, Fault.status(429, 2), 3);
            faults.inject(BULK_UPLOAD, Fault.status(503), 2);
            faults.inject(BULK_UPLOAD, Fault.connectionReset(), 2);
            faults.inject(BULK_UPLOAD, Fault.status(429, 1), 2);
            List<Person> people = Person.numbered(PEOPLE);
            var imports = new ImportApi(replicas.get(0), deployment.operatorToken());
            JsonNode report = imports.awaitFinished(imports.start("people.csv", UserFile.of(people)), TIMEOUT);
            assertThat(RunStatus.of(report)).as(report.toString()).isEqualTo(RunStatus.COMPLETED);

            try {
                await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                        .until(() -> people.stream().allMatch(p -> m365.user(p.upn()) != null));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(people.stream().filter(p -> m365.user(p.upn()) == null).count()
                        + " people not in the directory; scim-service's jobs: "
                        + scim.getJson("/api/scim/jobs?limit=100", deployment.operatorToken()) + "; calls: "
                        + m365.bulkUploads().stream().map(c -> c.status() + " " + c.header("client-request-id"))
                                .toList()
                        + "; provisioning log entries: "
                        + m365.raw().provisioning().log().entries().size(), e);
            }

            List<JournalEntry> calls = m365.bulkUploads();
            Map<Integer, Long> statuses = calls.stream()
                    .collect(Collectors.groupingBy(JournalEntry::status, Collectors.counting()));
            Map<String, Long> acceptedPerRequest = calls.stream().filter(call -> call.status() == 202)
                    .collect(Collectors.groupingBy(call -> call.header("client-request-id"), Collectors.counting()));
            long tokenFailures = m365.raw().journal().forPath("/oauth2/v2.0/token").stream()
                    .filter(call -> call.status() == 503).count();
            System.out.printf("Simulator faults under %d imported users: bulkUpload answers %s, token requests "
                    + "refused %d; users in the directory %d, accepted requests %d (most times one was accepted: %d)%n",
                    PEOPLE, statuses, tokenFailures, people.stream().filter(p -> m365.user(p.upn()) != null).count(),
                    acceptedPerRequest.size(), acceptedPerRequest.values().stream().mapToLong(Long::longValue).max()
                            .orElse(0));
            assertThat(statuses).as("the faults were met").containsKeys(429, 503, 202);
            assertThat(acceptedPerRequest.values()).as("times each bulk request was accepted").containsOnly(1L);
            Map<String, Long> accounts = m365.users().stream().map(user -> user.text("userPrincipalName"))
                    .filter(upn -> upn != null && upn.endsWith("@o365.example.org"))
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(accounts).as("accounts per imported person").hasSize(PEOPLE).allSatisfy(
                    (upn, count) -> assertThat(count).as(upn).isEqualTo(1L));
            assertThat(people).allSatisfy(p -> assertThat(m365.user(p.upn()).property("accountEnabled").asBoolean())
                    .as(p.upn()).isTrue());
            assertThat(scim.get("/q/health/ready", null).statusCode()).as("scim-service ready").isEqualTo(200);
            assertThat(scim.log()).doesNotContain(m365.clientSecret());
        }
    }

    @Test
    void aSyncThroughThrottlingOutagesDroppedConnectionsAndABrokenAnswerEndsWithEveryUserOnce() throws Exception {
        try (var deployment = Deployment.create("syncfaults")) {
            ServiceProcess sync = deployment.start(deployment.syncReplica("sync-service").with(
                    "provhub.sync.profiles.staff.options", "--auto-create all --process-child-groups \"O365 Staff\""))
                    .get(0);
            Simulator m365 = deployment.simulator();
            var faults = m365.raw().faults();
            faults.inject("/oauth2/v2.0/token", Fault.status(503), 2);
            faults.inject("/groups", Fault.status(429, 1), 3);
            faults.inject("/groups", Fault.status(503), 2);
            faults.inject("/groups", Fault.connectionReset(), 2);
            faults.inject("/groups", Fault.malformedBody(), 1);
            var syncs = new SyncApi(sync, deployment.operatorToken());

            JsonNode first = syncs.awaitFinished(syncs.runProfile("staff"), TIMEOUT);
            // throttling, outages and dropped connections are waited out; the broken answer fails the run clearly
            assertThat(RunStatus.of(first)).as(first.toString()).isEqualTo(RunStatus.FAILED);
            assertThat(first.path("failure").asText()).contains("not JSON").doesNotContain(m365.clientSecret());
            JsonNode outcome = syncs.awaitFinished(syncs.runProfile("staff", true), TIMEOUT);
            List<Integer> statuses = m365.raw().journal().forPath("/groups").stream().map(JournalEntry::status)
                    .toList();
            System.out.printf("Graph faults under a sync of 40 users: first run %s (%s), Graph answers %s, then %s%n",
                    RunStatus.of(first), first.path("failure").asText(""), statuses.stream().collect(
                            Collectors.groupingBy(status -> status, Collectors.counting())),
                    RunStatus.of(outcome));
            assertThat(RunStatus.of(outcome)).as(outcome.toString()).isEqualTo(RunStatus.COMPLETED);
            assertThat(deployment.syncDatabase().number("select count(*) from app_user where created_by_sync "
                    + "and not deleted")).as("synced users").isEqualTo(40);
            assertThat(deployment.syncDatabase().number("select count(distinct lower(upn)) from app_user "
                    + "where created_by_sync and not deleted")).isEqualTo(40);
            assertThat(deployment.syncDatabase().number("select count(*) from outbox_event "
                    + "where event_type = 'user.created'")).as("user.created events, one per user").isEqualTo(40);
            assertThat(sync.get("/q/health/ready", null).statusCode()).as("sync-service ready").isEqualTo(200);
            assertThat(sync.log()).doesNotContain(m365.clientSecret());
        }
    }
}
