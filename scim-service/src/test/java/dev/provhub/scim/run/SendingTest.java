package dev.provhub.scim.run;

import static dev.provhub.scim.run.ScimJobsApi.awaitState;
import static dev.provhub.scim.run.ScimJobsApi.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.provhub.httpapi.Roles;
import dev.provhub.localinfra.JwtTestResource;
import dev.provhub.m365sim.M365Simulator;
import dev.provhub.m365sim.M365SimulatorTestResource;
import dev.provhub.m365sim.http.Fault;
import dev.provhub.m365sim.http.JournalEntry;
import dev.provhub.m365sim.provisioning.SynchronizationJob;
import dev.provhub.scim.ReferenceFiles;
import dev.provhub.scim.ScimServiceTest;
import dev.provhub.scim.config.ScimConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.response.Response;

/**
 * Sending to the simulator's inbound provisioning job: Microsoft's samples accepted with successes in the logs,
 * pacing at 40 calls in 5 s with no 429, the daily quota and the next day, a full bucket, calls whose answer never
 * came (reconciled with the logs, never sent twice), records that fail in the logs sent again, only what changed.
 */
@ScimServiceTest
class SendingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ScimConfig config;

    @Inject
    EntityManager em;

    M365Simulator simulator;

    @BeforeEach
    void reset() {
        simulator = M365SimulatorTestResource.simulator();
        ScimJobsApi.reset(em, simulator);
    }

    private List<JournalEntry> uploads() {
        return ScimJobsApi.uploads(simulator);
    }

    @Test
    void sendsMicrosoftsTwoRecordSampleAndTheLogsShowSuccesses() throws Exception {
        Path samples = ReferenceFiles.samples();
        Workers.existingUser(simulator, "1222", "talya.fleeta@contoso.com");
        Workers.existingUser(simulator, "1513", "ginnie.fadiman@contoso.com");
        String id = submit(samples.resolve("csv-with-2-records.csv"), samples.resolve("AttributeMapping.psd1"),
                Map.of()).then().statusCode(202).extract().path("id");
        JsonNode job = awaitState(id, "COMPLETED", Duration.ofSeconds(60));
        assertThat(job.at("/progress/recordsRead").asLong()).isEqualTo(2);
        assertThat(job.at("/progress/recordsAccepted").asLong()).isEqualTo(2);
        assertThat(job.at("/progress/requestsSent").asInt()).isEqualTo(1);
        assertThat(uploads()).singleElement().extracting(JournalEntry::status).isEqualTo(202);
        assertThat(simulator.provisioning().log().entries()).hasSize(2).allSatisfy(entry -> assertThat(
                entry.at("/provisioningStatusInfo/status").asText()).isEqualTo("success"));
        assertThat(simulator.directory().user("talya.fleeta@contoso.com").property("accountEnabled").asBoolean())
                .isFalse();
        String payload = given().header("Authorization", JwtTestResource.bearer(Roles.VIEWER))
                .get("/api/scim/jobs/" + id + "/requests/1").then().statusCode(200)
                .contentType("application/scim+json").extract().asString();
        assertThat(JSON.readTree(payload).at("/Operations/0/data/externalId").asText()).isEqualTo("1222");
    }

    @Test
    void microsoftsThousandRecordAndSample1EmployeeFilesAreAcceptedWithSuccessesInTheLogs() throws Exception {
        Path samples = ReferenceFiles.samples();
        Path thousand = samples.resolve("csv-with-1000-records.csv");
        Path employees = samples.resolve("Sample1/employeeData.csv");
        // the workers are in the tenant already (matched on employeeId): the samples' userNames are no UPNs, so
        // they can update users but not create them
        Set<String> inThousand = workerIds(thousand);
        Set<String> inEmployees = workerIds(employees);
        var workers = new TreeSet<String>(inThousand);
        workers.addAll(inEmployees);
        workers.forEach(worker -> Workers.existingUser(simulator, worker, "worker" + worker + "@contoso.com"));

        String first = submit(thousand, samples.resolve("AttributeMapping.psd1"), Map.of()).then().statusCode(202)
                .extract().path("id");
        JsonNode sample = awaitState(first, "COMPLETED", Duration.ofSeconds(90));
        assertThat(sample.at("/progress/recordsRead").asLong()).isEqualTo(1000);
        // one record per worker: a later line of the same WorkerID supersedes an earlier one
        assertThat(sample.at("/progress/recordsAccepted").asLong()).isEqualTo(inThousand.size());
        String second = submit(employees, samples.resolve("Sample1/AttributeMapping.Employee.psd1"), Map.of())
                .then().statusCode(202).extract().path("id");
        JsonNode sample1 = awaitState(second, "COMPLETED", Duration.ofSeconds(90));
        // Sample1's employees are people of the first file: those whose payload is the same are not sent again
        long accepted = sample1.at("/progress/recordsAccepted").asLong();
        assertThat(accepted + sample1.at("/progress/recordsUnchanged").asLong()).isEqualTo(inEmployees.size());
        assertThat(accepted).isPositive();

        assertThat(uploads()).hasSize((inThousand.size() + 49) / 50 + (int) (accepted + 49) / 50).allSatisfy(
                call -> assertThat(call.status()).isEqualTo(202));
        assertThat(simulator.provisioning().log().entries()).hasSize(inThousand.size() + (int) accepted)
                .allSatisfy(entry -> assertThat(entry.at("/provisioningStatusInfo/status").asText()).as(entry
                        .toString()).isEqualTo("success"));
    }

    /** The WorkerIDs of one of Microsoft's sample files (first column, quoted or not). */
    private static Set<String> workerIds(Path csv) throws IOException {
        try (var lines = Files.lines(csv)) {
            return lines.skip(1).filter(line -> !line.isBlank()).map(line -> line.split(",")[0].replace("\"", ""))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void sendsOnlyWhatChangedUnlessFull() {
        Path csv = Workers.csv(1, 3, "Clerk");
        Path mapping = Workers.mapping(Workers.MAPPING);
        String first = submit(csv, mapping, Map.of()).then().statusCode(202).extract().path("id");
        awaitState(first, "COMPLETED", Duration.ofSeconds(60));
        String same = submit(csv, mapping, Map.of()).then().statusCode(202).extract().path("id");
        JsonNode unchanged = awaitState(same, "COMPLETED", Duration.ofSeconds(60));
        assertThat(unchanged.at("/progress/recordsUnchanged").asLong()).isEqualTo(3);
        assertThat(unchanged.at("/progress/requestsTotal").asInt()).isZero();
        String changed = submit(Workers.csv(1, 3, "Manager"), mapping, Map.of()).then().statusCode(202).extract()
                .path("id");
        assertThat(awaitState(changed, "COMPLETED", Duration.ofSeconds(60)).at("/progress/recordsAccepted").asLong())
                .isEqualTo(3);
        String full = submit(Workers.csv(1, 3, "Manager"), mapping, Map.of("full", "true")).then().statusCode(202)
                .extract().path("id");
        assertThat(awaitState(full, "COMPLETED", Duration.ofSeconds(60)).at("/progress/recordsSent").asLong())
                .isEqualTo(3);
        assertThat(uploads()).hasSize(3);
    }

    @Test
    void pacesFiveThousandRecordsAtTheCeilingWithoutA429() {
        Path csv = Workers.csv(100_000, 5000, "Clerk");
        Instant started = Instant.now();
        String id = submit(csv, Workers.mapping(Workers.MAPPING), Map.of()).then().statusCode(202).extract()
                .path("id");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> uploads().size() >= 100);
        Duration sending = Duration.between(uploads().get(0).at(), uploads().get(uploads().size() - 1).at());
        JsonNode job = awaitState(id, "COMPLETED", Duration.ofSeconds(90));
        List<JournalEntry> calls = uploads();
        assertThat(calls).hasSize(100).allSatisfy(call -> assertThat(call.status()).isEqualTo(202));
        assertThat(job.at("/progress/recordsAccepted").asLong()).isEqualTo(5000);
        // never more than 40 in any 5 seconds, as the simulator counted them
        for (int i = 40; i < calls.size(); i++) {
            assertThat(Duration.between(calls.get(i - 40).at(), calls.get(i).at())).isGreaterThan(Duration
                    .ofSeconds(5));
        }
        // how close to the ceiling is a figure, printed, not asserted: 100 calls need two full windows past the
        // first 40, i.e. just over 10 s (SendingBenchmark measures it at length)
        System.out.printf("5,000 records in 100 requests: %d ms of sending (ceiling: 10,000 ms), %d ms in all%n",
                sending.toMillis(), Duration.between(started, Instant.now()).toMillis());
    }

    @Test
    void stopsAtTheDailyQuotaAndResumesTheNextDayByItself() {
        int quota = config.sending().dailyQuota();
        String tenant = config.target().tenantId().orElseThrow().toLowerCase();
        simulator.settings().bulkUploadDailyQuota(3);
        // the tenant already made all but three of its calls today (another job, another replica)
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("insert into scim_call (tenant, at) "
                + "select ?1, ?2 from generate_series(1, ?3)").setParameter(1, tenant)
                .setParameter(2, OffsetDateTime.now().minusHours(1)).setParameter(3, quota - 3).executeUpdate());
        String id = submit(Workers.csv(1, 250, "Clerk"), Workers.mapping(Workers.MAPPING), Map.of()).then()
                .statusCode(202).extract().path("id");
        JsonNode waiting = awaitState(id, "WAITING", Duration.ofSeconds(60));
        assertThat(waiting.get("waitReason").asText()).contains("daily quota");
        assertThat(waiting.at("/progress/requestsSent").asInt()).isEqualTo(3);
        assertThat(waiting.at("/progress/quotaLeft").asInt()).isZero();
        assertThat(uploads()).hasSize(3);
        simulator.clock().advance(Duration.ofHours(24).plusMinutes(1));
        JsonNode done = awaitState(id, "COMPLETED", Duration.ofSeconds(60));
        assertThat(done.at("/progress/recordsAccepted").asLong()).isEqualTo(250);
        assertThat(uploads()).hasSize(5).allSatisfy(call -> assertThat(call.status()).isEqualTo(202));
    }

    @Test
    void backsOffWhileTheBucketIsFullAndResumes() {
        SynchronizationJob job = simulator.tenant().jobs(config.target().servicePrincipalId().orElseThrow()).get(0);
        job.state(SynchronizationJob.State.PAUSED);
        String id = submit(Workers.csv(1, 10, "Clerk"), Workers.mapping(Workers.MAPPING), Map.of()).then()
                .statusCode(202).extract().path("id");
        JsonNode waiting = awaitState(id, "WAITING", Duration.ofSeconds(60));
        assertThat(waiting.get("waitReason").asText()).contains("bucket is full");
        job.state(SynchronizationJob.State.ACTIVE);
        awaitState(id, "COMPLETED", Duration.ofSeconds(60));
        assertThat(uploads()).extracting(JournalEntry::status).containsExactly(500, 202);
    }

    @Test
    void aCallWhoseAnswerNeverCameIsLookedUpInTheLogsAndSentAgainOnlyIfNotReceived() {
        simulator.faults().inject("/bulkUpload$", Fault.connectionReset(), 1);
        String id = submit(Workers.csv(1, 120, "Clerk"), Workers.mapping(Workers.MAPPING), Map.of()).then()
                .statusCode(202).extract().path("id");
        JsonNode done = awaitState(id, "COMPLETED", Duration.ofSeconds(90));
        assertThat(done.at("/progress/recordsAccepted").asLong()).isEqualTo(120);
        Map<String, List<Integer>> byRequest = uploads().stream().collect(Collectors.groupingBy(
                call -> call.header("client-request-id"), Collectors.mapping(JournalEntry::status,
                        Collectors.toList())));
        assertThat(byRequest).hasSize(3);
        assertThat(byRequest.values()).filteredOn(statuses -> statuses.size() == 2).singleElement()
                .isEqualTo(List.of(0, 202));
        assertThat(byRequest.values()).allSatisfy(statuses -> assertThat(statuses).containsOnlyOnce(202));
    }

    @Test
    void aGatewayTimeoutIsLookedUpInTheLogsLikeACallWithoutAnswer() {
        simulator.faults().inject("/bulkUpload$", Fault.status(504), 1);
        String id = submit(Workers.csv(1, 60, "Clerk"), Workers.mapping(Workers.MAPPING), Map.of()).then()
                .statusCode(202).extract().path("id");
        JsonNode done = awaitState(id, "COMPLETED", Duration.ofSeconds(90));
        assertThat(done.at("/progress/recordsAccepted").asLong()).isEqualTo(60);
        Map<String, List<Integer>> byRequest = uploads().stream().collect(Collectors.groupingBy(
                call -> call.header("client-request-id"), Collectors.mapping(JournalEntry::status,
                        Collectors.toList())));
        assertThat(byRequest).hasSize(2);
        assertThat(byRequest.values()).containsExactlyInAnyOrder(List.of(504, 202), List.of(202));
    }

    /** 429 Too Many Requests and 503 Service Unavailable: not taken, sent again after Retry-After, not failed. */
    @ParameterizedTest
    @ValueSource(ints = { 429, 503 })
    void aThrottledCallWaitsItsRetryAfterAndIsSentAgain(int status) {
        simulator.faults().inject("/bulkUpload$", Fault.status(status, 2), 1);
        String id = submit(Workers.csv(1, 60, "Clerk"), Workers.mapping(Workers.MAPPING), Map.of()).then()
                .statusCode(202).extract().path("id");
        JsonNode done = awaitState(id, "COMPLETED", Duration.ofSeconds(60));
        assertThat(done.at("/progress/recordsAccepted").asLong()).isEqualTo(60);
        List<JournalEntry> calls = uploads();
        assertThat(calls).extracting(JournalEntry::status).containsExactly(status, 202, 202);
        assertThat(calls.get(1).header("client-request-id")).isEqualTo(calls.get(0).header("client-request-id"));
        assertThat(Duration.between(calls.get(0).at(), calls.get(1).at())).isGreaterThanOrEqualTo(Duration
                .ofSeconds(2));
    }

    @Test
    void aPassWhoseReplicaDiedMidRequestIsTakenOverAndReconciledNotSentTwice() {
        String id = submit(Workers.csv(1, 120, "Clerk"), Workers.mapping(Workers.MAPPING), Map.of()).then()
                .statusCode(202).extract().path("id");
        awaitState(id, "COMPLETED", Duration.ofSeconds(60));
        // what a replica that died between the call and recording its answer leaves: request 2 "being sent", the
        // job sending, and its pass running under the dead replica's name with a heartbeat that stopped
        UUID job = UUID.fromString(id);
        UUID pass = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("update scim_request set state = 'SENDING', http_status = null, location = null "
                    + "where job_id = ?1 and n = 2").setParameter(1, job).executeUpdate();
            em.createNativeQuery("update scim_record set state = 'QUEUED' where job_id = ?1 and request_n = 2")
                    .setParameter(1, job).executeUpdate();
            em.createNativeQuery("update scim_job set state = 'SENDING', finished_at = null, requests_sent = 2, "
                    + "run_id = ?2 where id = ?1").setParameter(1, job).setParameter(2, pass).executeUpdate();
            em.createNativeQuery("insert into run (id, kind, scope, status, trigger, owner, heartbeat_at, attempts, "
                    + "started_at) values (?1, 'scim-job', ?2, 'RUNNING', 'resume', 'dead-replica-1', now() - "
                    + "interval '2 minutes', 1, now() - interval '3 minutes')").setParameter(1, pass)
                    .setParameter(2, config.target().servicePrincipalId().orElseThrow().toLowerCase()).executeUpdate();
        });
        JsonNode done = awaitState(id, "COMPLETED", Duration.ofSeconds(60));
        assertThat(done.at("/progress/recordsAccepted").asLong()).isEqualTo(120);
        Map<String, Long> calls = uploads().stream().collect(Collectors.groupingBy(
                call -> call.header("client-request-id"), Collectors.counting()));
        assertThat(calls).hasSize(3).allSatisfy((request, count) -> assertThat(count).isEqualTo(1));
        String note = given().header("Authorization", JwtTestResource.bearer(Roles.VIEWER))
                .get("/api/scim/jobs/" + id + "/requests").then().statusCode(200).extract().path("[1].note");
        assertThat(note).contains("reconciled");
        // the dead replica's pass was taken over by this process, not run beside it
        Object[] run = (Object[]) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select status, attempts from run where id = ?1").setParameter(1, pass).getSingleResult());
        assertThat(run[0]).isEqualTo("COMPLETED");
        assertThat(((Number) run[1]).intValue()).isEqualTo(2);
    }

    @Test
    void recordsThatFailInTheLogsAreSentAgain() {
        // a user elsewhere holds the user principal name the record wants: creating it fails in the logs
        String blocker = Workers.existingUser(simulator, "OTHER", "emp000001@contoso.com");
        String id = submit(Workers.csv(1, 2, "Clerk"), Workers.mapping(Workers.MAPPING), Map.of()).then()
                .statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(30)).until(() -> simulator.provisioning().log().entries().stream()
                .anyMatch(e -> e.at("/provisioningStatusInfo/status").asText().equals("failure")));
        simulator.directory().delete(blocker);
        JsonNode done = awaitState(id, "COMPLETED", Duration.ofSeconds(60));
        assertThat(done.at("/progress/recordsAccepted").asLong()).isEqualTo(2);
        assertThat(uploads().size()).isBetween(2, 3);
        assertThat(simulator.directory().user("emp000001@contoso.com").property("employeeId").asText())
                .isEqualTo("W000001");
    }

    @Test
    void aRecordThatKeepsFailingIsReportedAfterTheLastAttempt() {
        Workers.existingUser(simulator, "OTHER", "emp000001@contoso.com");
        String id = submit(Workers.csv(1, 2, "Clerk"), Workers.mapping(Workers.MAPPING), Map.of()).then()
                .statusCode(202).extract().path("id");
        JsonNode done = awaitState(id, "COMPLETED_WITH_ERRORS", Duration.ofSeconds(60));
        assertThat(done.at("/progress/recordsFailed").asLong()).isEqualTo(1);
        assertThat(done.get("items")).anySatisfy(item -> {
            assertThat(item.get("key").asText()).isEqualTo("W000001");
            assertThat(item.get("reason").asText()).contains("after " + config.logs().maxAttempts() + " attempts")
                    .contains("AttributeValueMustBeUnique");
        });
        assertThat(uploads()).hasSize(config.logs().maxAttempts());
    }

    @Test
    void aServicePrincipalWithSeveralJobsNeedsOneNamed() {
        String principal = config.target().servicePrincipalId().orElseThrow();
        String second = SynchronizationJob.newInboundJobId(simulator.tenantId());
        simulator.tenant().addJob(new SynchronizationJob(second, principal, "API2AAD",
                SynchronizationJob.State.ACTIVE, null));
        String id = submit(Workers.csv(1, 1, "Clerk"), Workers.mapping(Workers.MAPPING), Map.of()).then()
                .statusCode(202).extract().path("id");
        JsonNode failed = awaitState(id, "FAILED", Duration.ofSeconds(30));
        assertThat(failed.get("failure").asText()).contains("2 provisioning jobs").contains(second);
        String named = submit(Workers.csv(1, 1, "Clerk"), Workers.mapping(Workers.MAPPING), Map.of("jobId", second))
                .then().statusCode(202).extract().path("id");
        assertThat(awaitState(named, "COMPLETED", Duration.ofSeconds(30)).get("jobId").asText()).isEqualTo(second);
    }

    @Test
    void aFileOnTheServerIsNamedByItsPathInsideTheInputFolderOnly() {
        Path mapping = ReferenceFiles.samples().resolve("AttributeMapping.psd1");
        var request = given().header("Authorization", JwtTestResource.bearer(Roles.OPERATOR)).multiPart("mapping",
                mapping.toFile(), "text/plain").multiPart("dryRun", "true");
        Response named = request.multiPart("path", "csv-with-2-records.csv").post("/api/scim/jobs");
        named.then().statusCode(200);
        assertThat(named.jsonPath().getLong("job.progress.recordsRead")).isEqualTo(2);
        for (String outside : List.of("../NOTES.md", "/etc/passwd", "Sample1/../../../../etc/hostname")) {
            given().header("Authorization", JwtTestResource.bearer(Roles.OPERATOR)).multiPart("path", outside)
                    .post("/api/scim/jobs").then().statusCode(400);
        }
        assertThat(uploads()).isEmpty();
    }

    @Test
    void aDryRunReturnsThePayloadsAndSendsNothing() {
        Response response = submit(Workers.csv(1, 60, "Clerk"), Workers.mapping(Workers.MAPPING),
                Map.of("dryRun", "true"));
        response.then().statusCode(200);
        assertThat(response.jsonPath().getString("job.state")).isEqualTo("COMPLETED");
        assertThat(response.jsonPath().getList("requests")).hasSize(2);
        assertThat(response.jsonPath().getString("requests[0].state")).isEqualTo("DRY_RUN");
        assertThat(uploads()).isEmpty();
    }
}
