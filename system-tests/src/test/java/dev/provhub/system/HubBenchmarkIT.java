package dev.provhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.provhub.localinfra.LocalKafka;
import dev.provhub.m365sim.http.JournalEntry;
import dev.provhub.m365sim.tenant.DirectoryObjectType;

/**
 * The hub's figures with every service as a process (issue 12), each beside a baseline measured in the same run:
 * {@code hub.paced.events} (100,000) events written into import-service's outbox at a fixed {@code hub.paced.rate}
 * (5,000/s) and their latency until export-service has applied them (p50, p99, against the 1 s goal), with the relay's
 * share; an import of {@code hub.rows} people (20,000) against a raw {@code COPY} of the same rows, and the same
 * latencies for its events; the same events sent to Entra by scim-service against the ceiling of the API (40 calls in any 5 s,
 * 400 records/s when
 * every call carries 50); a sync of the demo tenant's "O365 Everyone" against the fewest Graph requests its groups
 * need. Prints figures only: nothing about speed is asserted. {@code -Pbenchmark} (see docs/benchmarks.md).
 */
@Tag("benchmark")
class HubBenchmarkIT {

    private static final int ROWS = Integer.getInteger("hub.rows", 20_000);
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    /** Events written at the fixed rate, and the rate (events per second, written every 10 ms). */
    private static final int PACED_EVENTS = Integer.getInteger("hub.paced.events", 100_000);
    private static final int PACED_RATE = Integer.getInteger("hub.paced.rate", 5_000);
    private static final int PACED_WARMUP = Integer.getInteger("hub.paced.warmup", 25_000);
    /** import-service's relay in the paced phase: its workers and the most events a round sends. */
    private static final String RELAY_WORKERS = System.getProperty("hub.relay.workers", "1");
    private static final String RELAY_BATCH = System.getProperty("hub.relay.batch-size", "1000");
    /** bulkUpload's limit: 40 calls in any 5 seconds. */
    private static final double CALLS_CEILING = 40 / 5.0;

    @Test
    void hubFigures() throws Exception {
        try (var deployment = Deployment.create("hubbench")) {
            // one phase at a time, so that each figure is that service's, not the 2 cores shared by all of them;
            // first the propagation at a fixed rate, by replicas of its own, so that no other phase's events count
            // (on a topic of its own: scim-service reads the deployment's topic later and must find the import only)
            String pacedTopic = deployment.topic() + "-paced";
            deployment.kafka().createTopic(pacedTopic, LocalKafka.DEFAULT_PARTITIONS);
            var paced = deployment.start(
                    deployment.importReplica("import-paced").with("provhub.outbox.topic", pacedTopic)
                            .with("provhub.outbox.relay.workers", RELAY_WORKERS)
                            .with("provhub.outbox.relay.batch-size", RELAY_BATCH),
                    deployment.exportReplica("export-paced").with("mp.messaging.incoming.user-changes.topic",
                            pacedTopic));
            var pacedExports = new ExportApi(paced.get(1), deployment.operatorToken());
            // a warm-up at the same rate (the just started processes compile their hot paths meanwhile), then a pause
            // until the latency timers have forgotten it (Micrometer's percentiles cover the last 2 minutes)
            PacedOutbox.write(deployment.importDatabase(), pacedTopic, 0, PACED_WARMUP, PACED_RATE / 100,
                    Duration.ofMillis(10));
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> pacedExports.appliedEvents() >= PACED_WARMUP);
            Thread.sleep(Duration.ofMinutes(2).plusSeconds(5).toMillis());
            CpuUse cpuBefore = CpuUse.now(paced);
            Duration writing = PacedOutbox.write(deployment.importDatabase(), pacedTopic, PACED_WARMUP, PACED_EVENTS,
                    PACED_RATE / 100, Duration.ofMillis(10));
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> pacedExports.appliedEvents() >= PACED_WARMUP + PACED_EVENTS);
            String pacedCpu = CpuUse.now(paced).since(cpuBefore);
            double pacedRate = PACED_EVENTS / (writing.toMillis() / 1000.0);
            Latency pacedRelay = Latency.of(paced.get(0), "provhub_outbox_publish_latency_seconds");
            // the relay's rounds over the measured events: each round marks its rows sent at its transaction's start
            String rounds = deployment.importDatabase().strings("""
                    select format('%s rounds of %s events on average, one every %s ms', count(*), round(avg(n)),
                                  round(extract(epoch from max(sent_at) - min(sent_at)) * 1000
                                        / nullif(count(*) - 1, 0)))
                    from (select sent_at, count(*) as n from outbox_event
                          where topic = ? and seq > (select min(seq) + ? - 1 from outbox_event where topic = ?)
                          group by sent_at) r""", pacedTopic, PACED_WARMUP, pacedTopic).get(0);
            Latency pacedApplied = Latency.of(paced.get(1), "provhub_consumer_latency_seconds");
            for (ServiceProcess replica : paced) {
                replica.close();
            }

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
            Latency importRelay = Latency.of(replicas.get(0), "provhub_outbox_publish_latency_seconds");
            Latency importApplied = Latency.of(replicas.get(1), "provhub_consumer_latency_seconds");

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
                              propagation at a fixed rate: %,d events written into import-service's outbox at %,.0f events/s (%,d per commit every 10 ms, after a warm-up of %,d)
                                written -> applied by export-service   %s       goal: p99 <= 1,000 ms at 5,000 events/s
                                of which written -> on Kafka (relay)   %s   (%s worker(s), batches of %s: %s)
                                while written and applied: %s
                              import -> export events    %,.0f events/s applied (all %,d applied %.1f s after the import started)
                                written -> applied by export-service   %s   (an event is written when its row is read; its batch of 500 rows commits later)
                                of which written -> on Kafka (relay)   %s
                              scim-service sending       %,.1f records/s, %.2f calls/s in %d calls (%d x 429) = %.1f %% of the ceiling %.0f calls/s (%,.0f records/s)
                              sync "O365 Everyone"       %d Graph requests for %d groups (%s users created)   fewest possible: %d
                            """,
                    ROWS, ROWS / importSeconds, importSeconds, copied / copySeconds, PACED_EVENTS, pacedRate,
                    PACED_RATE / 100, PACED_WARMUP, pacedApplied, pacedRelay, RELAY_WORKERS, RELAY_BATCH, rounds, pacedCpu,
                    ROWS / propagationSeconds, ROWS,
                    propagationSeconds,
                    importApplied, importRelay, recordsPerSecond, callsPerSecond, calls.size(),
                    throttled, 100 * callsPerSecond / CALLS_CEILING, CALLS_CEILING, CALLS_CEILING * 50,
                    sync.path("graphRequests").asLong(), groups,
                    sync.at("/summary/totals/usersCreated").asText(), fewestRequests);
        }
    }

    /** The p50 and p99 of a latency timer a replica publishes. */
    private record Latency(double p50, double p99) {

        static Latency of(ServiceProcess replica, String timer) throws Exception {
            return new Latency(Metrics.decimal(replica, timer, "quantile=\"0.5\""),
                    Metrics.decimal(replica, timer, "quantile=\"0.99\""));
        }

        @Override
        public String toString() {
            return String.format("p50 %,.0f ms, p99 %,.0f ms", p50 * 1000, p99 * 1000);
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
