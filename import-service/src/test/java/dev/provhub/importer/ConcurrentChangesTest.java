package dev.provhub.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.provhub.events.UserChangeType;
import dev.provhub.events.UserChangedEvent;
import dev.provhub.importer.org.Organisation;
import dev.provhub.importer.rules.LimboPurge;
import dev.provhub.importer.run.ImportRunView;
import dev.provhub.importer.user.DirectoryUser;
import dev.provhub.runs.RunStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Two changes of one user at once (an import and the limbo purge, two imports) never publish the same event
 * version, and the events a consumer keeps (the newest version of each user) end in the user's final state.
 */
@ImportServiceTest
class ConcurrentChangesTest {

    static final String HEADER = "RecordUID,FirstName,LastName,EmailAddress,Password\n";

    @Inject
    ImportFixture fixture;

    @Inject
    LimboPurge purge;

    @Inject
    EntityManager em;

    @Test
    void anImportAndTheLimboPurgeOnOneUserEndInOneStoryEveryConsumerAgreesWith() throws Exception {
        Organisation school = fixture.org("School", Map.of("importMode", "full", "sourceUid", "sis",
                "removalThresholdPercent", 100, "deletionGracePeriod", Map.of("deactivation", 0, "deletion", 30)));
        String uid = "c" + UUID.randomUUID().toString().substring(0, 8);
        String row = uid + ",Conny," + uid + "," + uid + "@example.org,Secret123\n";
        fixture.importCsv(school, HEADER + row, ImportFixture.UPDATE);
        fixture.importCsv(school, HEADER, ImportFixture.UPDATE);
        DirectoryUser waiting = fixture.byRecordUid(uid);
        assertThat(waiting.limbo).isTrue();
        LocalDate due = waiting.purgeAt;
        // the purge holds its transaction open for two seconds after it deleted the user and wrote the event, so
        // the import comes back for the same user in the middle of it
        holdTransactionsThatPublish(waiting.id, "user.deleted", 2);
        try {
            CompletableFuture<Integer> purged = CompletableFuture
                    .supplyAsync(() -> purge.purgeDue(due));
            Thread.sleep(500);
            ImportRunView back = fixture.importCsv(school, HEADER + row, ImportFixture.UPDATE);

            purged.get(30, TimeUnit.SECONDS);
            assertThat(back.status()).isEqualTo(RunStatus.COMPLETED);
        } finally {
            release();
        }

        assertConsumersEndInTheUsersState(waiting.id);
    }

    @Test
    void twoImportsChangingOneUserAtOncePublishEveryChangeUnderItsOwnVersion() throws Exception {
        Organisation home = fixture.org("Home", Map.of());
        Organisation other = fixture.sibling(home, "Other", Map.of());
        String id = "d" + UUID.randomUUID().toString().substring(0, 8);
        String email = id + "@example.org";
        fixture.importCsv(home, "OrgLoginID,FirstName,LastName,EmailAddress,Password\n" + id + ",Dora," + id + ","
                + email + ",Secret123\n", ImportFixture.UPDATE);
        DirectoryUser dora = fixture.usersOf(home).get(0);
        // the first import to publish holds its transaction open, so the second changes the same user meanwhile
        holdTransactionsThatPublish(dora.id, "user.updated", 2);
        try {
            var renamed = CompletableFuture.supplyAsync(() -> fixture.importCsv(home,
                    "OrgLoginID,FirstName\n" + id + ",Dorothea\n", ImportFixture.UPDATE));
            Thread.sleep(300);
            var reMailed = CompletableFuture.supplyAsync(() -> fixture.importCsv(other,
                    "LoginID,LastName\n" + email + ",Renamed\n", ImportFixture.UPDATE));
            assertThat(renamed.get(60, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(reMailed.get(60, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.COMPLETED);
        } finally {
            release();
        }

        DirectoryUser both = assertConsumersEndInTheUsersState(dora.id);
        assertThat(both.firstName).as("neither change overwrote the other").isEqualTo("Dorothea");
        assertThat(both.lastName).isEqualTo("Renamed");
    }

    @Test
    void theDatabaseRefusesASecondLiveUserWithTheSameOrgLoginIdOrEmail() {
        Organisation org = fixture.org("Moran", Map.of());
        String id = "e" + UUID.randomUUID().toString().substring(0, 8);
        fixture.importCsv(org, "OrgLoginID,LastName,EmailAddress,Password\n" + id + ",Only," + id
                + "@example.org,Secret123\n", ImportFixture.UPDATE);
        DirectoryUser only = fixture.usersOf(org).get(0);

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> insertCopy(only, "other1", id.toUpperCase(),
                null))).hasStackTraceContaining("directory_user_live_org_login_id");
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> insertCopy(only, "other2", null,
                id.toUpperCase() + "@EXAMPLE.ORG"))).hasStackTraceContaining("directory_user_live_email");
        QuarkusTransaction.requiringNew().run(() -> insertCopy(only, "deleted-twin", id, id + "@example.org"));
        assertThat(fixture.usersOf(org)).as("a deleted user may keep the keys (preserved on delete)").hasSize(2);
    }

    /**
     * The events of the user have distinct versions, and the newest, which is what every consumer keeps, says what
     * the user is now.
     */
    private DirectoryUser assertConsumersEndInTheUsersState(UUID userId) {
        DirectoryUser user = QuarkusTransaction.requiringNew().call(() -> em.find(DirectoryUser.class, userId));
        List<UserChangedEvent> events = fixture.events(List.of(userId));
        assertThat(events).extracting(UserChangedEvent::version).doesNotHaveDuplicates();
        UserChangedEvent kept = events.stream().max(Comparator.comparingLong(UserChangedEvent::version))
                .orElseThrow();
        assertThat(kept.version()).isEqualTo(user.version);
        assertThat(kept.type() == UserChangeType.DELETED).isEqualTo(user.deleted);
        assertThat(kept.active()).isEqualTo(user.active && !user.deleted);
        assertThat(kept.givenName()).isEqualTo(user.firstName);
        assertThat(kept.familyName()).isEqualTo(user.lastName);
        return user;
    }

    private void insertCopy(DirectoryUser user, String userName, String orgLoginId, String email) {
        boolean deleted = userName.startsWith("deleted");
        em.createNativeQuery("insert into directory_user (id, user_name, home_org_id, org_login_id, email, deleted) "
                + "values (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, UUID.randomUUID()).setParameter(2, userName + UUID.randomUUID())
                .setParameter(3, user.homeOrgId).setParameter(4, orgLoginId).setParameter(5, email)
                .setParameter(6, deleted).executeUpdate();
    }

    /** Makes every transaction that writes {@code type} for the user wait {@code seconds} before it goes on. */
    private void holdTransactionsThatPublish(UUID user, String type, int seconds) {
        var params = new HashMap<String, Object>();
        params.put("key", user.toString());
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                create or replace function test_hold_publish() returns trigger language plpgsql as $$
                begin
                    if new.message_key = '%s' and new.event_type = '%s' then
                        perform pg_sleep(%d);
                    end if;
                    return new;
                end $$;
                drop trigger if exists test_hold_publish on outbox_event;
                create trigger test_hold_publish after insert on outbox_event
                    for each row execute function test_hold_publish();
                """.formatted(params.get("key"), type, seconds)).executeUpdate());
    }

    private void release() {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "drop trigger if exists test_hold_publish on outbox_event").executeUpdate());
    }
}
