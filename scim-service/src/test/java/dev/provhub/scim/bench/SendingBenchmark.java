package dev.provhub.scim.bench;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.provhub.httpapi.Roles;
import dev.provhub.localinfra.JwtTestResource;
import dev.provhub.localinfra.TemporaryFolders;
import dev.provhub.m365sim.M365Simulator;
import dev.provhub.m365sim.M365SimulatorTestResource;
import dev.provhub.m365sim.http.JournalEntry;
import dev.provhub.scim.ScimServiceTest;
import dev.provhub.scim.bulk.BulkIds;
import dev.provhub.scim.bulk.BulkRequestWriter;
import dev.provhub.scim.config.ScimConfig;
import dev.provhub.scim.run.ProvisioningApis;
import dev.provhub.scim.sending.BulkUploadAnswer;
import dev.provhub.scim.sending.ProvisioningApi;
import dev.provhub.scim.sending.TargetSettings;

/**
 * Sending throughput against the simulator as a fraction of the 400 records/s ceiling (40 calls of 50 records per
 * 5 s; goal 95 %), beside a baseline measured in the same run: the same number of calls posted straight through the
 * SDK with an in-memory sliding window (no database, no records, no pacing across replicas). Throughput is counted
 * past the first window, whose 40 calls go at once. Not part of ./mvnw verify:
 * {@code ./mvnw -pl scim-service -am -Pbenchmark verify -DskipITs -Dtest=SendingBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} (-Dbench.sendRecords, default 20,000).
 */
@ScimServiceTest
@Tag("benchmark")
class SendingBenchmark {

    @Inject
    ProvisioningApis apis;

    @Inject
    ScimConfig config;

    @Test
    void sendsAtTheCeiling() throws Exception {
        int records = Integer.getInteger("bench.sendRecords", 20_000);
        int calls = records / 50;
        M365Simulator simulator = M365SimulatorTestResource.simulator();
        simulator.reset();
        double baseline = baseline(simulator, calls);
        Thread.sleep(6_000);
        simulator.reset();
        Path csv = TemporaryFolders.file("bench-send", ".csv");
        var text = new StringBuilder("WorkerID,UserID,Status\r\n");
        for (int i = 0; i < records; i++) {
            text.append("B").append(i).append(",bench").append(i).append(",Active\r\n");
        }
        Files.writeString(csv, text);
        Path mapping = TemporaryFolders.file("bench", ".psd1");
        Files.writeString(mapping, "@{ externalId = 'WorkerID'; userName = { \"$($_.UserID)@contoso.com\" }; "
                + "active = { $_.Status -eq 'Active' } }");
        given().header("Authorization", JwtTestResource.bearer(Roles.OPERATOR)).multiPart("csv", csv.toFile())
                .multiPart("mapping", mapping.toFile()).post("/api/scim/jobs").then().statusCode(202);
        await().atMost(Duration.ofSeconds(calls / 8 + 120)).pollInterval(Duration.ofMillis(500))
                .until(() -> accepted(simulator).size() >= calls);
        List<JournalEntry> done = accepted(simulator);
        double service = steadyRecordsPerSecond(done.get(0).at(), done.get(done.size() - 1).at(), calls);
        long refused = simulator.journal().entries(e -> e.path().endsWith("/bulkUpload") && e.status() == 429)
                .size();
        System.out.printf(Locale.ROOT, "%n%,d records in %,d calls (ceiling 400 records/s after the first window):%n",
                records, calls);
        System.out.printf(Locale.ROOT, "  baseline, SDK calls paced in memory: %,7.1f records/s (%.1f %% of 400)%n",
                baseline, baseline / 4);
        System.out.printf(Locale.ROOT, "  scim-service job:                    %,7.1f records/s (%.1f %% of 400, "
                + "%.1f %% of the baseline), %d x 429%n", service, service / 4, 100 * service / baseline, refused);
        Files.deleteIfExists(csv);
    }

    private static List<JournalEntry> accepted(M365Simulator simulator) {
        return simulator.journal().entries(e -> e.path().endsWith("/bulkUpload") && e.status() == 202);
    }

    /** Records per second past the first window (its 40 calls go at once; the ceiling is 40 calls per 5 s after). */
    private static double steadyRecordsPerSecond(Instant first, Instant last, int calls) {
        double seconds = Duration.between(first, last).toMillis() / 1000.0;
        return (calls - 40) * 50 / seconds;
    }

    private double baseline(M365Simulator simulator, int calls) throws InterruptedException {
        ProvisioningApi api = apis.get(TargetSettings.of(config.target()));
        ProvisioningApi.Target target = api.resolve(config.target().servicePrincipalId().orElseThrow(), null);
        var recent = new ArrayDeque<Instant>();
        for (int call = 0; call < calls; call++) {
            var operations = new ArrayList<BulkRequestWriter.Operation>();
            for (int i = 0; i < 50; i++) {
                String id = "base" + call + "-" + i;
                operations.add(new BulkRequestWriter.Operation(BulkIds.of(id), "{\"schemas\":[\"urn:ietf:params:"
                        + "scim:schemas:core:2.0:User\"],\"externalId\":\"" + id + "\",\"userName\":\"" + id
                        + "@contoso.com\",\"active\":true}"));
            }
            String payload = BulkRequestWriter.write(operations);
            if (recent.size() == 40) {
                Instant free = recent.pollFirst().plus(Duration.ofMillis(5_050));
                long wait = Duration.between(Instant.now(), free).toMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
            }
            recent.addLast(Instant.now());
            BulkUploadAnswer answer = api.bulkUpload(target, payload, UUID.randomUUID());
            recent.pollLast();
            recent.addLast(Instant.now());
            if (!answer.accepted()) {
                throw new AssertionError("baseline call " + call + " answered " + answer);
            }
        }
        List<JournalEntry> done = accepted(simulator);
        return steadyRecordsPerSecond(done.get(0).at(), done.get(done.size() - 1).at(), calls);
    }
}
