package dev.provhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.provhub.m365sim.http.JournalEntry;
import dev.provhub.m365sim.tenant.DirectoryObjectType;

/**
 * The hub's figures with every service as a process (issue 12), each beside a baseline measured in the same run:
 * an import of {@code hub.rows} people (20,000) against a raw {@code COPY} of the same rows; the events' way from
 * import-service's outbox into export-service's projection (rate, p50 and p99 latency, against the 1 s goal); the
 * same events sent to Entra by scim-service against the ceiling of the API (40 calls in any 5 s, 400 records/s when
 * every call carries 50); a sync of the demo tenant's "O365 Everyone" against the fewest Graph requests its groups
 * need. Prints figures only: nothing about speed is asserted. {@code -Pbenchmark} (see docs/benchmarks.md).
 */
@Tag("benchmark")
class HubBenchmarkIT {

    private static final int ROWS = Integer.getInteger("hub.rows", 20_000);
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    /** bulkUpload's limit: 40 calls in any 5 seconds. */
    private static final double CALLS_CEILING = 40 / 5.0;

    @Test
    void hubFigures() throws Exception {
        try (var deployment = Deployment.create("hubbench")) {
            // one phase at a time, so that each figure is that service's, not the 2 cores shared by all of them
            var replicas = deployment.start(deployment.importReplica("import-a"),
                    deployment.exportReplica("export-a"));
            var imports = new ImportApi(replicas.get(0), deployment.operatorToken());
            var exports = new ExportApi(replicas.get(1), deployment.operatorToken());
            Simulator m365 = deployment.simulator();
            List<Person> people = Person.numbered(ROWS);
            UserFile file = UserFile.of(people);

            // baseline: the file's rows into one plain table of the same database, by COPY
            deployment.importDatabase().execute("create table copy_baseline (deactivate text, org_login_id text, "
                    + "first_name text, last_name text, email text, password text, upn text, employee_number text, "
                    + "postal_code text)");
            String rows = file.csv().substring(file.csv().indexOf('\n') + 1);
            long copyStarted = System.nanoTime();
            long copied = deployment.importDatabase().copyIn("copy copy_baseline from stdin with (format csv)", rows);
            double copySeconds = (System.nanoTime() - copyStarted) / 1e9;
            assertThat(copied).isEqualTo(ROWS);

            Instant importStarted = Instant.now();
            JsonNode report = imports.awaitFinished(imports.start("people.csv", file), TIMEOUT);
            Instant importFinished = Instant.now();
            assertThat(RunStatus.of(report)).as(report.toString()).isEqualTo(RunStatus.COMPLETED);
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> exports.appliedEvents() >= ROWS);
            Instant allApplied = Instant.now();
            double p50 = Metrics.decimal(replicas.get(1), "provhub_consumer_latency_seconds",
                    "quantile=\"0.5\"");
            double p99 = Metrics.decimal(replicas.get(1), "provhub_consumer_latency_seconds",
                    "quantile=\"0.99\"");

            // scim-service starts now and finds the 20,000 events on the topic
            ServiceProcess scim = deployment.scimReplica("scim-a").start();
            await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> sent(scim, deployment) >= ROWS);
            List<JournalEntry> calls = m365.bulkUploads();
            double sendingSeconds = Duration.between(calls.get(0).at(), calls.get(calls.size() - 1).at())
                    .toMillis() / 1000.0;
            // calls after the first, over the time from the first call to the last: the pace the API's limit caps
            double callsPerSecond = (calls.size() - 1) / sendingSeconds;
            double recordsPerSecond = ROWS / sendingSeconds;
            long throttled = calls.stream().filter(call -> call.status() == 429).count();

            var syncs = new SyncApi(deployment.syncReplica("sync-a").with("provhub.sync.profiles.everyone.options",
                    "--auto-create all --process-child-groups \"O365 Everyone\"").start(), deployment.operatorToken());
            JsonNode sync = syncs.awaitFinished(syncs.runProfile("everyone"), TIMEOUT);
            assertThat(RunStatus.of(sync)).as(sync.toString()).isEqualTo(RunStatus.COMPLETED);
            long groups = m365.raw().directory().all(DirectoryObjectType.GROUP).stream()
                    .filter(group -> group.text("displayName").startsWith("O365 ")).count();
            // one page of members per group (none has more than 999), one lookup of the root group
            long fewestRequests = groups + 1;

            double importSeconds = Duration.between(importStarted, importFinished).toMillis() / 1000.0;
            double propagationSeconds = Duration.between(importStarted, allApplied).toMillis() / 1000.0;
            System.out.printf(
                    """
                            Hub benchmark (%,d people with a password each, every service a process):
                              import                     %,.0f rows/s (%.1f s)      baseline: COPY of the same rows into one plain table %,.0f rows/s
                              import -> export events    %,.0f events/s applied (all %,d applied %.1f s after the import started)
                              export consumer latency    p50 %.0f ms, p99 %.0f ms       goal: p99 <= 1,000 ms
                              scim-service sending       %,.1f records/s, %.2f calls/s in %d calls (%d x 429) = %.1f %% of the ceiling %.0f calls/s (%,.0f records/s)
                              sync "O365 Everyone"       %d Graph requests for %d groups (%s users created)   fewest possible: %d
                            """,
                    ROWS, ROWS / importSeconds, importSeconds, copied / copySeconds, ROWS / propagationSeconds,
                    ROWS, propagationSeconds, p50 * 1000, p99 * 1000, recordsPerSecond, callsPerSecond, calls.size(),
                    throttled, 100 * callsPerSecond / CALLS_CEILING, CALLS_CEILING, CALLS_CEILING * 50,
                    sync.path("graphRequests").asLong(), groups,
                    sync.at("/summary/totals/usersCreated").asText(), fewestRequests);
        }
    }

    /** Records scim-service has sent to Entra, over all its jobs. */
    private static long sent(ServiceProcess scim, Deployment deployment) throws Exception {
        long sent = 0;
        for (JsonNode job : scim.getJson("/api/scim/jobs?limit=500", deployment.operatorToken())) {
            sent += job.at("/progress/recordsSent").asLong();
        }
        return sent;
    }
}
