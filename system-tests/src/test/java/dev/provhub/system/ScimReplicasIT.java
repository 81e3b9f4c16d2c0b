package dev.provhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.provhub.m365sim.http.Fault;
import dev.provhub.m365sim.http.JournalEntry;

/**
 * Two replicas of scim-service as processes on one database: a replica killed ({@code kill -9}) in the middle of a
 * job's sending, with calls on the wire that Entra still receives and accepts, is taken over by the other once its
 * heartbeat is stale; the job ends with every record accepted and no bulk request sent twice.
 */
@Tag("replicas")
class ScimReplicasIT {

    /** 50 bulk requests: 40 in the first 5-second window, the rest in the next. */
    private static final int RECORDS = 2_500;
    private static final int REQUESTS = RECORDS / 50;
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void aJobWhoseReplicaDiesMidSendingIsFinishedByTheOtherWithNoRequestSentTwice() throws Exception {
        try (var deployment = Deployment.create("scimkill")) {
            var replicas = deployment.start(deployment.scimReplica("scim-a"), deployment.scimReplica("scim-b"));
            Simulator m365 = deployment.simulator();
            // every call is answered after 300 ms: the replica dies with a call on the wire that Entra received and
            // accepts anyway, which the survivor must find in the provisioning logs instead of sending it again
            m365.raw().faults().inject("/bulkUpload$", Fault.latency(Duration.ofMillis(300)), 10 * REQUESTS);
            String jobId = new ScimApi(replicas.get(0), deployment.operatorToken()).start("workers.csv",
                    ScimApi.workers(RECORDS), ScimApi.WORKER_MAPPING);

            await().atMost(JOB_TIMEOUT).until(() -> m365.bulkUploads().size() >= 10);
            ServiceProcess owner = deployment.scimDatabase().runOwner(jobId, replicas);
            assertThat(owner).as("the replica sending the job").isNotNull();
            owner.kill();
            int sentBeforeKill = m365.bulkUploads().size();
            ServiceProcess survivor = owner == replicas.get(0) ? replicas.get(1) : replicas.get(0);
            JsonNode job = new ScimApi(survivor, deployment.operatorToken()).awaitFinished(jobId, JOB_TIMEOUT);

            List<JournalEntry> calls = m365.bulkUploads();
            System.out.printf("scim-service replica killed mid-job: %d records, %d requests, %d sent before the kill, "
                    + "%d calls in all, %d distinct, state %s%n", RECORDS, REQUESTS, sentBeforeKill, calls.size(),
                    calls.stream().map(call -> call.header("client-request-id")).distinct().count(),
                    job.get("state").asText());
            assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
            assertThat(job.at("/progress/recordsAccepted").asLong()).isEqualTo(RECORDS);
            assertThat(job.at("/progress/requestsTotal").asInt()).isEqualTo(REQUESTS);
            assertThat(deployment.scimDatabase().runOwner(jobId, replicas)).as("finished by").isIn(survivor, null);
            assertThat(calls).as("bulkUpload calls").hasSize(REQUESTS)
                    .allSatisfy(call -> assertThat(call.status()).isEqualTo(202));
            assertThat(calls.stream().map(call -> call.header("client-request-id")).distinct())
                    .as("requests sent once each").hasSize(REQUESTS);
            List<String> upns = m365.users().stream().map(user -> user.text("userPrincipalName"))
                    .filter(upn -> upn != null && upn.startsWith("worker")).toList();
            assertThat(upns).as("one account per worker").containsExactlyInAnyOrderElementsOf(
                    IntStream.rangeClosed(1, RECORDS).mapToObj(ScimApi::workerUpn).toList());
        }
    }
}
