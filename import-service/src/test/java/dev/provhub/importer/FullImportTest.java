package dev.provhub.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.provhub.events.UserChangeType;
import dev.provhub.events.UserChangedEvent;
import dev.provhub.importer.org.Organisation;
import dev.provhub.importer.rules.ImportOptions;
import dev.provhub.importer.rules.LimboPurge;
import dev.provhub.importer.run.ImportRunView;
import dev.provhub.importer.user.DirectoryUser;
import dev.provhub.runs.OncePerSchedule;
import dev.provhub.runs.RunStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Single source, partial import (seed 004): limbo, moves between schools, the purge and the safety threshold. */
@ImportServiceTest
class FullImportTest {

    static final String HEADER = "RecordUID,FirstName,LastName,EmailAddress,Password\n";

    @Inject
    ImportFixture fixture;

    @Inject
    LimboPurge purge;

    @Inject
    OncePerSchedule once;

    @Inject
    EntityManager em;

    static Map<String, Object> full(int threshold) {
        var settings = new HashMap<String, Object>();
        settings.put("importMode", "full");
        settings.put("sourceUid", "sis");
        settings.put("removalThresholdPercent", threshold);
        settings.put("deletionGracePeriod", Map.of("deactivation", 0, "deletion", 30));
        return settings;
    }

    static String row(String uid) {
        return uid + ",First," + uid + "," + uid + "@example.org,Secret123\n";
    }

    static String uid() {
        return "r" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void userLeavesSchoolAWaitsInLimboAndIsMovedToSchoolB() {
        Organisation schoolA = fixture.org("SchoolA", full(100));
        Organisation schoolB = fixture.sibling(schoolA, "SchoolB", full(100));
        String mover = uid();
        String stayer = uid();
        fixture.importCsv(schoolA, HEADER + row(mover) + row(stayer), ImportFixture.UPDATE);
        DirectoryUser created = fixture.byRecordUid(mover);
        assertThat(created.sourceUid).isEqualTo("sis");

        ImportRunView leave = fixture.importCsv(schoolA, HEADER + row(stayer), ImportFixture.UPDATE);

        assertThat(leave.counts()).containsEntry("movedToLimbo", 1L).containsEntry("unchanged", 1L);
        DirectoryUser inLimbo = fixture.byRecordUid(mover);
        String limboPath = schoolA.path.substring(0, schoolA.path.lastIndexOf('/')) + "/limbo";
        assertThat(inLimbo.limbo).isTrue();
        assertThat(inLimbo.active).isFalse();
        assertThat(inLimbo.purgeAt).isEqualTo(LocalDate.now().plusDays(30));
        UserChangedEvent limboEvent = last(inLimbo);
        assertThat(limboEvent.type()).isEqualTo(UserChangeType.DEACTIVATED);
        assertThat(limboEvent.limbo()).isTrue();
        assertThat(limboEvent.orgs()).containsExactly(limboPath);

        ImportRunView arrive = fixture.importCsv(schoolB, HEADER + row(mover), ImportFixture.UPDATE);

        assertThat(arrive.counts()).containsEntry("reactivated", 1L).containsEntry("created", 0L);
        DirectoryUser moved = fixture.byRecordUid(mover);
        assertThat(moved.id).isEqualTo(created.id);
        assertThat(moved.active).isTrue();
        assertThat(moved.limbo).isFalse();
        assertThat(moved.purgeAt).isNull();
        assertThat(moved.orgIds).containsExactly(schoolB.id);
        UserChangedEvent back = last(moved);
        assertThat(back.type()).isEqualTo(UserChangeType.REACTIVATED);
        assertThat(back.orgs()).containsExactly(schoolB.path);
    }

    @Test
    void userInTwoSchoolsOnlyLeavesTheOneThatDropsIt() {
        Organisation schoolA = fixture.org("SchoolA", full(100));
        Organisation schoolB = fixture.sibling(schoolA, "SchoolB", full(100));
        String both = uid();
        fixture.importCsv(schoolA, HEADER + row(both), ImportFixture.UPDATE);
        ImportRunView gains = fixture.importCsv(schoolB, HEADER + row(both), ImportFixture.UPDATE);
        assertThat(gains.counts()).containsEntry("updated", 1L);
        assertThat(fixture.byRecordUid(both).orgIds).containsExactlyInAnyOrder(schoolA.id, schoolB.id);

        ImportRunView drops = fixture.importCsv(schoolA, HEADER, ImportFixture.UPDATE);

        assertThat(drops.counts()).containsEntry("removedFromOrg", 1L).containsEntry("movedToLimbo", 0L);
        DirectoryUser user = fixture.byRecordUid(both);
        assertThat(user.orgIds).containsExactly(schoolB.id);
        assertThat(user.active).isTrue();
        assertThat(last(user).type()).isEqualTo(UserChangeType.UPDATED);
        assertThat(last(user).changedFields()).containsExactly("orgs");
    }

    @Test
    void purgeDeletesUsersWhoseTimeInLimboIsOver() {
        Organisation school = fixture.org("SchoolA", full(100));
        String gone = uid();
        fixture.importCsv(school, HEADER + row(gone), ImportFixture.UPDATE);
        fixture.importCsv(school, HEADER, ImportFixture.UPDATE);
        DirectoryUser waiting = fixture.byRecordUid(gone);

        assertThat(purge.purgeDue(waiting.purgeAt.minusDays(1))).as("not yet").isZero();
        assertThat(purge.purgeDue(waiting.purgeAt)).isGreaterThanOrEqualTo(1);

        DirectoryUser purged = QuarkusTransaction.requiringNew().call(() -> em.find(DirectoryUser.class, waiting.id));
        assertThat(purged.deleted).isTrue();
        assertThat(purged.recordUid).isNull();
        assertThat(last(purged).type()).isEqualTo(UserChangeType.DELETED);

        ImportRunView again = fixture.importCsv(school, HEADER + row(gone), ImportFixture.UPDATE);
        assertThat(again.counts()).as("a purged user is gone: the same record is a new user").containsEntry("created",
                1L);
    }

    @Test
    void fullImportOverTheThresholdIsRefusedUnlessForced() {
        Organisation school = fixture.org("SchoolA", full(20));
        List<String> uids = IntStream.range(0, 10).mapToObj(i -> uid()).toList();
        fixture.importCsv(school, HEADER + uids.stream().map(FullImportTest::row).collect(Collectors.joining()),
                ImportFixture.UPDATE);
        String sevenLeft = HEADER + uids.subList(0, 7).stream().map(FullImportTest::row)
                .collect(Collectors.joining());
        int events = fixture.eventsOf(school).size();

        ImportRunView refused = fixture.importCsv(school, sevenLeft, ImportFixture.UPDATE);

        assertThat(refused.status()).isEqualTo(RunStatus.FAILED);
        assertThat(refused.failure()).contains("remove 3 of the organisation's 10 users").contains("30.0 %")
                .contains("threshold of 20 %").contains("force");
        assertThat(fixture.eventsOf(school)).hasSize(events);
        assertThat(fixture.usersOf(school)).allSatisfy(u -> assertThat(u.active).isTrue());

        ImportRunView forced = fixture.importCsv(school, sevenLeft, new ImportOptions(true, false, false, true));
        assertThat(forced.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(forced.counts()).containsEntry("movedToLimbo", 3L);
    }

    @Test
    void dryRunOfAFullImportReportsTheMovesAndKeepsEveryone() {
        Organisation school = fixture.org("SchoolA", full(100));
        String a = uid();
        String b = uid();
        fixture.importCsv(school, HEADER + row(a) + row(b), ImportFixture.UPDATE);

        ImportRunView dry = fixture.importCsv(school, HEADER + row(a), ImportFixture.DRY_RUN);

        assertThat(dry.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(dry.counts()).containsEntry("movedToLimbo", 1L).containsEntry("unchanged", 1L);
        assertThat(fixture.byRecordUid(b).limbo).isFalse();
        assertThat(fixture.byRecordUid(b).active).isTrue();
    }

    @Test
    void rowsMustCarryTheirRecordUidAndNameOnlyThisSchool() {
        Organisation school = fixture.org("SchoolA", full(100));
        ImportRunView run = fixture.importCsv(school, "RecordUID,OrgPath,LastName\n,,X\n" + uid() + ",/Other/School,Y\n",
                ImportFixture.UPDATE);
        assertThat(run.counts()).containsEntry("failed", 2L);
        assertThat(fixture.reports(run).get(0).reason()).contains("no RecordUID");
        assertThat(fixture.reports(run).get(1).reason()).contains("is not " + school.path);
    }

    @Test
    void oneReplicaClaimsEachFireTime() {
        var fireTime = java.time.Instant.parse("2026-01-01T02:30:00.123Z");
        String job = "test-" + UUID.randomUUID();
        assertThat(once.run(job, fireTime, () -> {
        })).isTrue();
        assertThat(once.run(job, fireTime.plusMillis(400), () -> {
        })).as("same second from another replica").isFalse();
        assertThat(once.run(job, fireTime.plusSeconds(86_400), () -> {
        })).as("the next day's fire time").isTrue();
    }

    private UserChangedEvent last(DirectoryUser user) {
        List<UserChangedEvent> events = fixture.events(List.of(user.id));
        return events.get(events.size() - 1);
    }
}
