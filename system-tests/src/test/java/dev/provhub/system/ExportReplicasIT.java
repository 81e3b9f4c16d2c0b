package dev.provhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Two replicas of export-service on one database and topic (issue 7, defect 1 and the acceptance): a replica that
 * starts while another uploads an export changes nothing, a replica that dies mid-upload loses nothing, the daily
 * export runs once per fire time and never overlaps itself, and every event is applied once.
 */
@Tag("replicas")
class ExportReplicasIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
    private static final String EVERY_TWO_SECONDS = "0/2 * * * * ?";
    private static final Duration SCHEDULE_INTERVAL = Duration.ofSeconds(2);
    private static final Duration CONSUMER_SESSION_TIMEOUT = Duration.ofSeconds(6);

    @Test
    void replicaStartingWhileAnotherUploadsChangesNothing() throws Exception {
        try (var deployment = Deployment.create("exportstart")) {
            var replicas = deployment.start(deployment.importReplica("import-a"),
                    deployment.exportReplica("export-a"));
            var imports = new ImportApi(replicas.get(0), deployment.operatorToken());
            ServiceProcess exportA = replicas.get(1);
            List<Person> people = Person.numbered(3);
            importAll(imports, UserFile.of(people));
            awaitMembers(deployment, 3);

            String exportId;
            ServiceProcess exportB;
            try (var hold = deployment.ftps().holdUploads()) {
                exportId = new ExportApi(exportA, deployment.operatorToken()).start();
                hold.awaitHeldUpload(RUN_TIMEOUT);
                exportB = deployment.exportReplica("export-b").start();
                // B's heartbeat looks for stale runs every second; A's upload stays held beyond the stale limit
                Thread.sleep(Deployment.STALE_AFTER.plusSeconds(2).toMillis());
                assertThat(RunStatus.of(new ExportApi(exportB, deployment.operatorToken()).get(exportId)))
                        .isEqualTo(RunStatus.RUNNING);
            }
            var exportsOnB = new ExportApi(exportB, deployment.operatorToken());
            JsonNode first = exportsOnB.awaitFinished(exportId, RUN_TIMEOUT);

            assertThat(RunStatus.of(first)).as(first.toString()).isEqualTo(RunStatus.COMPLETED);
            assertThat(attempts(deployment, exportId)).isEqualTo(1);
            assertThat(exportB.log()).doesNotContain("lost its process");
            List<String> uploaded = uploadedLines(deployment, first, "Uudet_");
            assertThat(uploaded).containsExactlyElementsOf(lines(people));
            assertThat(exportedState(deployment)).containsExactlyElementsOf(uploaded);
            // issue 7, defect 5: A ran the export, B serves its files as they were uploaded
            String uudet = ExportApi.fileName(first, "Uudet_");
            assertThat(exportsOnB.file(exportId, uudet))
                    .isEqualTo(Files.readAllBytes(deployment.ftps().uploaded(uudet)));

            // what Office 365 has is what the exported state says: a change and a removal go out as such
            Person changed = people.get(0).withPostalCode("00180");
            Person removed = people.get(1);
            importAll(imports, new UserFile().add(changed).delete(removed));
            awaitProjection(deployment, "select count(*) from member where (membernumber = ? and postalcode = ?) "
                    + "or (membernumber = ? and deleted)", 2, changed.employeeNumber(), "00180",
                    removed.employeeNumber());
            JsonNode second = exportsOnB.awaitFinished(exportsOnB.start(), RUN_TIMEOUT);

            assertThat(RunStatus.of(second)).as(second.toString()).isEqualTo(RunStatus.COMPLETED);
            assertThat(uploadedLines(deployment, second, "Uudet_")).isEmpty();
            assertThat(uploadedLines(deployment, second, "Muokatut_")).containsExactly(changed.exportLine());
            assertThat(uploadedLines(deployment, second, "Poistetut_")).containsExactly(removed.exportLine());
        }
    }

    @Test
    void exportOfAReplicaThatDiedFailsOnlyWhenStaleAndTheNextSendsEverythingPending() throws Exception {
        try (var deployment = Deployment.create("exportkill")) {
            var replicas = deployment.start(deployment.importReplica("import-a"),
                    deployment.exportReplica("export-a"), deployment.exportReplica("export-b"));
            List<Person> people = Person.numbered(3);
            importAll(new ImportApi(replicas.get(0), deployment.operatorToken()), UserFile.of(people));
            awaitMembers(deployment, 3);

            String exportId;
            ServiceProcess survivor;
            try (var hold = deployment.ftps().holdUploads()) {
                exportId = new ExportApi(replicas.get(1), deployment.operatorToken()).start();
                hold.awaitHeldUpload(RUN_TIMEOUT);
                ServiceProcess owner = owner(deployment, exportId, replicas.subList(1, 3));
                survivor = owner == replicas.get(1) ? replicas.get(2) : replicas.get(1);
                owner.kill();
                Instant killed = Instant.now();

                JsonNode failed = new ExportApi(survivor, deployment.operatorToken()).awaitFinished(exportId,
                        RUN_TIMEOUT);
                assertThat(RunStatus.of(failed)).as(failed.toString()).isEqualTo(RunStatus.FAILED);
                assertThat(failed.get("failure").asText()).contains("interrupted", owner.name());
                assertThat(silenceBeforeFailure(deployment, exportId)).isGreaterThanOrEqualTo(Deployment.STALE_AFTER);
                // the dead replica's heartbeat went on during the held upload until at most one interval before
                assertThat(Duration.between(killed, Instant.now()))
                        .isGreaterThanOrEqualTo(Deployment.STALE_AFTER.minus(Deployment.HEARTBEAT_INTERVAL));
            }
            var exports = new ExportApi(survivor, deployment.operatorToken());
            JsonNode next = exports.awaitFinished(exports.start(), RUN_TIMEOUT);

            assertThat(RunStatus.of(next)).as(next.toString()).isEqualTo(RunStatus.COMPLETED);
            assertThat(uploadedLines(deployment, next, "Uudet_")).containsExactlyElementsOf(lines(people));
            assertThat(exportedState(deployment)).containsExactlyElementsOf(lines(people));
        }
    }

    @Test
    void dailyExportRunsOncePerFireTimeAndNeverOverlapsItself() throws Exception {
        try (var deployment = Deployment.create("exportschedule")) {
            var replicas = deployment.start(
                    deployment.exportReplica("export-a").with("provhub.export.cron", EVERY_TWO_SECONDS),
                    deployment.exportReplica("export-b").with("provhub.export.cron", EVERY_TWO_SECONDS));
            awaitScheduledRuns(deployment, 2);
            // one fire time's export outlasts three intervals: its upload is held
            try (var hold = deployment.ftps().holdUploads()) {
                hold.awaitHeldUpload(RUN_TIMEOUT);
                Thread.sleep(SCHEDULE_INTERVAL.multipliedBy(3).plusMillis(500).toMillis());
            }
            awaitScheduledRuns(deployment, scheduledRuns(deployment).size() + 2);

            List<ScheduledRun> runs = scheduledRuns(deployment);
            List<Instant> fireTimes = claimedFireTimes(deployment);
            for (Instant fireTime : fireTimes) {
                assertThat(runs.stream().filter(run -> run.ranFor(fireTime))).as("runs of fire time " + fireTime)
                        .hasSizeLessThanOrEqualTo(1);
            }
            assertThat(runs).allSatisfy(run -> assertThat(fireTimes).anyMatch(run::ranFor));
            for (int i = 0; i + 1 < runs.size(); i++) {
                assertThat(runs.get(i).finishedAt()).as("end of run %d of %s", i, runs).isNotNull()
                        .isBeforeOrEqualTo(runs.get(i + 1).startedAt());
            }
            ScheduledRun held = runs.stream().filter(run -> run.finishedAt() != null)
                    .max(Comparator.comparing(ScheduledRun::duration)).orElseThrow();
            assertThat(held.duration()).isGreaterThan(SCHEDULE_INTERVAL.multipliedBy(3));
            // a replica claims a fire time up to a second after it (its scheduler looks every second), and the held
            // export's lease is given back only after it finished: a margin of two seconds
            assertThat(fireTimes).as("fire times claimed while the held export ran").noneMatch(
                    fireTime -> fireTime.isAfter(held.startedAt())
                            && fireTime.isBefore(held.finishedAt().minusSeconds(2)));
            assertThat(runs).extracting(ScheduledRun::status).isSubsetOf(RunStatus.COMPLETED, RunStatus.RUNNING);
            for (ServiceProcess replica : replicas) {
                assertThat(replica.log()).doesNotContain("did not start");
            }
        }
    }

    @Test
    void everyEventIsAppliedOnceAcrossReplicasEvenWhenOneStallsMidStream() throws Exception {
        try (var deployment = Deployment.create("exportevents")) {
            var replicas = deployment.start(deployment.importReplica("import-a"),
                    consumer(deployment.exportReplica("export-a")), consumer(deployment.exportReplica("export-b")));
            var imports = new ImportApi(replicas.get(0), deployment.operatorToken());
            var exportA = new ExportApi(replicas.get(1), deployment.operatorToken());
            var exportB = new ExportApi(replicas.get(2), deployment.operatorToken());
            List<Person> people = Person.numbered(2_000);
            String importId = imports.start("people.csv", UserFile.of(people));

            // B stops getting CPU mid-stream: the group hands its partitions to A, which gets again what B applied
            // but had not committed to Kafka yet
            await().atMost(RUN_TIMEOUT).until(() -> exportB.appliedEvents() >= 100);
            replicas.get(2).freeze();
            Thread.sleep(CONSUMER_SESSION_TIMEOUT.plusSeconds(2).toMillis());
            replicas.get(2).thaw();
            JsonNode imported = imports.awaitFinished(importId, RUN_TIMEOUT);
            assertThat(RunStatus.of(imported)).as(imported.toString()).isEqualTo(RunStatus.COMPLETED);
            await().atMost(RUN_TIMEOUT).until(() -> deployment.importDatabase()
                    .number("select count(*) from outbox_event where sent_at is null") == 0);
            long events = deployment.importDatabase().number("select count(distinct id) from outbox_event");
            try (var admin = deployment.kafka().admin()) {
                await().atMost(RUN_TIMEOUT).until(() -> TopicRecords.consumedToTheEnd(admin, deployment.topic(),
                        deployment.exportConsumerGroup()));
            }

            assertThat(events).isEqualTo(people.size());
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(
                    () -> assertThat(exportA.appliedEvents() + exportB.appliedEvents()).as("events applied by A and B")
                            .isEqualTo(events));
            assertThat(exportA.appliedEvents()).as("events applied by A").isPositive();
            assertThat(exportB.appliedEvents()).as("events applied by B").isPositive();
            assertThat(deployment.exportDatabase().strings("""
                    select concat_ws(',', membernumber, upn, firstname, lastname, email, postalcode,
                                     is_suspended::int, is_o365_suspended::int)
                    from member where not deleted order by membernumber""")).containsExactlyElementsOf(lines(people));
        }
    }

    /** A replica whose consumer the group gives up on after {@link #CONSUMER_SESSION_TIMEOUT} without a heartbeat. */
    private static Deployment.Replica consumer(Deployment.Replica replica) {
        return replica.with("mp.messaging.incoming.user-changes.session.timeout.ms",
                String.valueOf(CONSUMER_SESSION_TIMEOUT.toMillis()))
                .with("mp.messaging.incoming.user-changes.heartbeat.interval.ms", "1000");
    }

    /** A scheduled export as the run table records it. */
    record ScheduledRun(String status, Instant startedAt, Instant finishedAt) {

        /** Whether it was started for {@code fireTime}: within the interval that fire time begins. */
        boolean ranFor(Instant fireTime) {
            return !startedAt.isBefore(fireTime) && startedAt.isBefore(fireTime.plus(SCHEDULE_INTERVAL));
        }

        Duration duration() {
            return Duration.between(startedAt, finishedAt);
        }
    }

    private static List<ScheduledRun> scheduledRuns(Deployment deployment) {
        return deployment.exportDatabase().list("select status, started_at, finished_at from run "
                + "where kind = 'export' and trigger = 'schedule' order by started_at",
                row -> new ScheduledRun(row.getString(1), row.getTimestamp(2).toInstant(),
                        row.getTimestamp(3) == null ? null : row.getTimestamp(3).toInstant()));
    }

    /** The fire times of the daily export that a replica claimed, oldest first. */
    private static List<Instant> claimedFireTimes(Deployment deployment) {
        return deployment.exportDatabase().list(
                "select fire_time from scheduled_job_run where job = 'daily-export' order by fire_time",
                row -> row.getTimestamp(1).toInstant());
    }

    private static void awaitScheduledRuns(Deployment deployment, int count) {
        await().atMost(RUN_TIMEOUT).until(() -> deployment.exportDatabase().number(
                "select count(*) from run where kind = 'export' and trigger = 'schedule' and status <> 'RUNNING'") >= count);
    }

    private static void importAll(ImportApi imports, UserFile file) throws Exception {
        JsonNode report = imports.awaitFinished(imports.start("people.csv", file), RUN_TIMEOUT);
        assertThat(RunStatus.of(report)).as(report.toString()).isEqualTo(RunStatus.COMPLETED);
    }

    private static void awaitMembers(Deployment deployment, long members) {
        awaitProjection(deployment, "select count(*) from member where not deleted", members);
    }

    private static void awaitProjection(Deployment deployment, String countQuery, long expected, Object... params) {
        await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> deployment.exportDatabase().number(countQuery, params) == expected);
    }

    private static List<String> lines(List<Person> people) {
        return people.stream().map(Person::exportLine).sorted().toList();
    }

    /** What export-service holds as last exported, line by line in member-number order. */
    private static List<String> exportedState(Deployment deployment) {
        return deployment.exportDatabase().strings("select line from exported_member order by membernumber");
    }

    private static List<String> uploadedLines(Deployment deployment, JsonNode report, String prefix)
            throws Exception {
        return Files.readAllLines(deployment.ftps().uploaded(ExportApi.fileName(report, prefix)));
    }

    private static long attempts(Deployment deployment, String runId) {
        return deployment.exportDatabase().number("select attempts from run where id = ?", UUID.fromString(runId));
    }

    /** The replica that runs the run now. */
    private static ServiceProcess owner(Deployment deployment, String runId, List<ServiceProcess> replicas) {
        List<String> owners = deployment.exportDatabase().strings(
                "select owner from run where id = ? and status = 'RUNNING'", UUID.fromString(runId));
        assertThat(owners).as("the owner of the running export").hasSize(1).doesNotContainNull();
        return replicas.stream().filter(r -> owners.get(0).startsWith(r.name() + "-")).findFirst().orElseThrow();
    }

    /** How long the run had been without a heartbeat when it was failed. */
    private static Duration silenceBeforeFailure(Deployment deployment, String runId) {
        return Duration.ofMillis(deployment.exportDatabase().number(
                "select (extract(epoch from finished_at - heartbeat_at) * 1000)::bigint from run where id = ?",
                UUID.fromString(runId)));
    }
}
