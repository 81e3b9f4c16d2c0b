package dev.provhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Two replicas of import-service on one database (issue 7, defects 2 and 3): a replica that starts during an import
 * changes nothing, a replica that dies mid-import is taken over only once its heartbeat is stale and the end state is
 * the same, and two replicas polling one watched folder import every file once without a poll ever overlapping
 * another.
 */
@Tag("replicas")
class ImportReplicasIT {

    private static final int ROWS = 3_000;
    private static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(120);
    /** How long the first poll stalls: several poll intervals. */
    private static final Duration STALLED_POLL = Duration.ofSeconds(5);
    /** Longer than a batch stalled while a replica starts (see the test of a batch that outlasts the limit). */
    private static final String PATIENT_STALE_AFTER = "30s";

    @Test
    void replicaStartingDuringAnImportChangesNothing() throws Exception {
        try (var deployment = Deployment.create("importstart")) {
            ServiceProcess a = deployment.importReplica("import-a")
                    .with("provhub.runs.stale-after", PATIENT_STALE_AFTER).start();
            List<Person> people = Person.numbered(ROWS);
            String runId = startImport(deployment, a, people);
            awaitRowsDone(deployment, runId, 1);

            ServiceProcess b;
            // the import stalls on the database while B starts and looks for stale runs, however fast it imports
            try (var stall = deployment.importDatabase().lock("directory_user")) {
                b = deployment.importReplica("import-b").with("provhub.runs.stale-after", PATIENT_STALE_AFTER)
                        .start();
                Thread.sleep(Deployment.HEARTBEAT_INTERVAL.multipliedBy(3).toMillis());
                assertThat(status(deployment, runId)).isEqualTo(RunStatus.RUNNING);
                assertThat(deployment.importDatabase().runOwner(runId, List.of(a, b))).isSameAs(a);
            }
            JsonNode report = new ImportApi(b, deployment.operatorToken()).awaitFinished(runId, IMPORT_TIMEOUT);

            assertThat(RunStatus.of(report)).as(report.toString()).isEqualTo(RunStatus.COMPLETED);
            assertThat(report.get("counts").get("created").asLong()).isEqualTo(ROWS);
            assertThat(attempts(deployment, runId)).isEqualTo(1);
            assertThat(b.log()).doesNotContain("lost its process");
            assertEveryoneCreatedOnce(deployment, people);
        }
    }

    @Test
    void importWhoseBatchOutlastsTheStaleLimitStaysWithItsLiveReplica() throws Exception {
        try (var deployment = Deployment.create("importlongbatch")) {
            var replicas = startTwoReplicas(deployment);
            List<Person> people = Person.numbered(ROWS);
            String runId = startImport(deployment, replicas.get(0), people);
            awaitRowsDone(deployment, runId, 1);

            // a batch that waits on the database beyond the stale limit, as a batch of costly passwords lasts
            try (var stall = deployment.importDatabase().lock("directory_user")) {
                Thread.sleep(Deployment.STALE_AFTER.plusSeconds(2).toMillis());
            }
            JsonNode report = new ImportApi(replicas.get(1), deployment.operatorToken()).awaitFinished(runId,
                    IMPORT_TIMEOUT);

            assertThat(RunStatus.of(report)).as(report.toString()).isEqualTo(RunStatus.COMPLETED);
            assertThat(attempts(deployment, runId)).isEqualTo(1);
            assertThat(report.get("counts").get("created").asLong()).isEqualTo(ROWS);
        }
    }

    @Test
    void importOfAReplicaThatDiedIsTakenOverOnceStaleAndEndsTheSame() throws Exception {
        try (var deployment = Deployment.create("importcrash")) {
            var replicas = startTwoReplicas(deployment);
            List<Person> people = Person.numbered(ROWS);
            String runId = startImport(deployment, replicas.get(0), people);
            awaitRowsDone(deployment, runId, ROWS / 5);

            ServiceProcess owner = deployment.importDatabase().runOwner(runId, replicas);
            assertThat(owner).as("the replica running the import").isNotNull();
            ServiceProcess survivor = owner == replicas.get(0) ? replicas.get(1) : replicas.get(0);
            Instant killed;
            // the owner dies in the middle of a batch, its last heartbeat at most one interval before
            try (var stall = deployment.importDatabase().lock("directory_user")) {
                Thread.sleep(Deployment.HEARTBEAT_INTERVAL.multipliedBy(2).toMillis());
                owner.kill();
                killed = Instant.now();
            }
            await().atMost(IMPORT_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(
                    () -> deployment.importDatabase().runOwner(runId, replicas) == survivor);
            Duration untilTakenOver = Duration.between(killed, Instant.now());
            JsonNode report = new ImportApi(survivor, deployment.operatorToken()).awaitFinished(runId,
                    IMPORT_TIMEOUT);

            assertThat(untilTakenOver).isGreaterThanOrEqualTo(
                    Deployment.STALE_AFTER.minus(Deployment.HEARTBEAT_INTERVAL));
            assertThat(RunStatus.of(report)).as(report.toString()).isEqualTo(RunStatus.COMPLETED);
            assertThat(attempts(deployment, runId)).isEqualTo(2);
            JsonNode counts = report.get("counts");
            assertThat(counts.get("created").asLong() + counts.get("unchanged").asLong()).isEqualTo(ROWS);
            assertThat(counts.get("unchanged").asLong()).as("rows the dead replica had committed").isPositive();
            assertEveryoneCreatedOnce(deployment, people);
        }
    }

    @Test
    void replicasStartingAtOnceAllApplyTheOrganisationsFile() throws Exception {
        try (var deployment = Deployment.create("importtogether")) {
            // the schema first, so that the organisation table exists to be held
            deployment.importReplica("import-schema").with("provhub.import.organisations-file", "").start().close();
            var replicas = List.of(deployment.importReplica("import-a"), deployment.importReplica("import-b"));
            List<CompletableFuture<ServiceProcess>> starting;
            // both replicas reach the organisations file while the table is held, and go on at the same moment
            try (var held = deployment.importDatabase().lock("organisation")) {
                starting = replicas.stream().map(replica -> CompletableFuture.supplyAsync(() -> {
                    try {
                        return replica.start();
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                })).toList();
                await().atMost(IMPORT_TIMEOUT).until(() -> replicas.stream()
                        .allMatch(replica -> logOf(replica).contains("No migration necessary")));
                Thread.sleep(3_000);
            }

            assertThat(starting).allSatisfy(replica -> assertThat(replica).succeedsWithin(IMPORT_TIMEOUT));
        }
    }

    @Test
    void twoReplicasPollingOneFolderImportEveryFileOnceAndNeverPollAtOnce() throws Exception {
        try (var deployment = Deployment.create("importfolder")) {
            startTwoReplicas(deployment);
            List<String> fileNames = List.of("people-0.csv", "people-1.csv", "people-2.csv");
            List<Person> everyone = Person.numbered(fileNames.size() * 400);
            Instant stalledPoll;
            Instant lastFireTimeOfTheStall;
            // the poll that takes the first file stalls on the database for several poll intervals, as a poll of a
            // slow folder or a large zip outlasts its interval
            try (var stall = deployment.importDatabase().lock("import_run")) {
                for (int f = 0; f < fileNames.size(); f++) {
                    deployment.drop(fileNames.get(f), UserFile.of(everyone.subList(f * 400, f * 400 + 400)).csv());
                }
                await().atMost(IMPORT_TIMEOUT).until(() -> filesIn(deployment.backupFolder()).size() == 1);
                Thread.sleep(STALLED_POLL.toMillis());

                assertThat(filesIn(deployment.importFolder())).as("files still waiting while the first poll stalls")
                        .hasSize(fileNames.size() - 1);
                stalledPoll = Instant.parse(deployment.importDatabase().list(
                        "select fire_time from scheduled_job_lease where job = 'folder-imports'",
                        row -> row.getTimestamp(1).toInstant().toString()).get(0));
                // a replica claims a fire time up to a second after it (its scheduler looks every second); the
                // rest of the margin is for a busy machine
                lastFireTimeOfTheStall = Instant.now().minusSeconds(2);
            }
            await().atMost(IMPORT_TIMEOUT).until(() -> deployment.importDatabase().number(
                    "select count(*) from run where kind = 'import' and status not in ('QUEUED', 'RUNNING')") == fileNames
                            .size());

            assertThat(claimedFireTimes(deployment)).as("polls while the first stalled").noneMatch(
                    fireTime -> fireTime.isAfter(stalledPoll) && fireTime.isBefore(lastFireTimeOfTheStall));
            assertThat(deployment.importDatabase().strings(
                    "select i.file_name from run r join import_run i on i.run_id = r.id where r.kind = 'import'"))
                    .containsExactlyInAnyOrderElementsOf(fileNames);
            assertThat(deployment.importDatabase().strings("select status from run where kind = 'import'"))
                    .containsOnly(RunStatus.COMPLETED);
            assertThat(mailSubjects(deployment, fileNames.size())).hasSize(fileNames.size())
                    .allMatch(subject -> subject.endsWith(": completed"));
            assertEveryoneCreatedOnce(deployment, everyone);
        }
    }

    /**
     * The organisation holds each person once, and each was announced once: one {@code user.created} event per
     * person in the outbox and on the topic (which may carry a record twice after a crash, with the same event id).
     */
    private static void assertEveryoneCreatedOnce(Deployment deployment, List<Person> people) {
        Database db = deployment.importDatabase();
        assertThat(db.strings("""
                select u.org_login_id from directory_user u join organisation o on o.id = u.home_org_id
                where lower(o.path) = lower(?) and not u.deleted""", Deployment.ORG))
                .containsExactlyInAnyOrderElementsOf(people.stream().map(Person::orgLoginId).toList());
        await().atMost(IMPORT_TIMEOUT)
                .until(() -> db.number("select count(*) from outbox_event where sent_at is null") == 0);
        assertThat(db.list("select event_type, count(*), count(distinct message_key) from outbox_event "
                + "group by event_type", row -> List.of(row.getString(1), row.getLong(2), row.getLong(3))))
                .containsExactly(List.of("user.created", (long) people.size(), (long) people.size()));
        var created = deployment.userChanges().stream().filter(change -> change.type().equals("user.created"))
                .collect(Collectors.groupingBy(TopicRecords.UserChange::key,
                        Collectors.mapping(TopicRecords.UserChange::id, Collectors.toSet())));
        assertThat(created).hasSize(people.size());
        assertThat(created.values()).allMatch(ids -> ids.size() == 1);
    }

    private static List<ServiceProcess> startTwoReplicas(Deployment deployment) throws Exception {
        return deployment.start(deployment.importReplica("import-a"), deployment.importReplica("import-b"));
    }

    /** Uploads the people's file to {@code replica}; returns the import's id. */
    private static String startImport(Deployment deployment, ServiceProcess replica, List<Person> people)
            throws Exception {
        return new ImportApi(replica, deployment.operatorToken()).start("people.csv", UserFile.of(people));
    }

    private static void awaitRowsDone(Deployment deployment, String runId, long rows) {
        await().atMost(IMPORT_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> deployment.importDatabase()
                .number("select progress_done from run where id = ?", UUID.fromString(runId)) >= rows);
    }

    private static String status(Deployment deployment, String runId) {
        return deployment.importDatabase().strings("select status from run where id = ?", UUID.fromString(runId))
                .get(0);
    }

    private static long attempts(Deployment deployment, String runId) {
        return deployment.importDatabase().number("select attempts from run where id = ?", UUID.fromString(runId));
    }

    private static List<Instant> claimedFireTimes(Deployment deployment) {
        return deployment.importDatabase().list(
                "select fire_time from scheduled_job_run where job = 'folder-imports' order by fire_time",
                row -> row.getTimestamp(1).toInstant());
    }

    private static String logOf(Deployment.Replica replica) {
        try {
            return Files.exists(replica.log()) ? Files.readString(replica.log()) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> filesIn(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    /** The subjects of the reports mailed to the organisation's contact, once {@code count} have arrived. */
    private static List<String> mailSubjects(Deployment deployment, int count) {
        var subjects = new ArrayList<String>();
        await().atMost(IMPORT_TIMEOUT).until(() -> {
            subjects.clear();
            for (MimeMessage message : deployment.smtp().receivedMessages()) {
                for (Address to : message.getAllRecipients()) {
                    if (to.toString().equals(deployment.contact())) {
                        subjects.add(message.getSubject());
                    }
                }
            }
            return subjects.size() >= count;
        });
        return subjects;
    }
}
