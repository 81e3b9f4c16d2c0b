package dev.provhub.importer;

import static dev.provhub.importer.ImportFixture.DRY_RUN;
import static dev.provhub.importer.ImportFixture.UPDATE;
import static dev.provhub.importer.ImportFixture.UPDATE_REACTIVATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.provhub.events.UserChangeType;
import dev.provhub.events.UserChangedEvent;
import dev.provhub.importer.org.Organisation;
import dev.provhub.importer.password.PasswordHasher;
import dev.provhub.importer.rules.ImportOptions;
import dev.provhub.importer.run.ImportRunView;
import dev.provhub.importer.run.RowReport;
import dev.provhub.importer.user.DirectoryUser;
import dev.provhub.runs.RunStatus;

/** The MarineLMS UserImporter rules (seed 001) on a real database, with the events they publish. */
@ImportServiceTest
class ImportRulesTest {

    static final String HEADER = "Deactivate (X),OrgLoginID,LoginID,Password,FirstName,LastName,EmailAddress,"
            + "ContactEmail,CanViewReports,ForcePasswordChange\n";

    @Inject
    ImportFixture fixture;

    @Inject
    PasswordHasher hasher;

    static String name() {
        return "N" + UUID.randomUUID().toString().substring(0, 6);
    }

    @Test
    void createsUsersWithGeneratedNamesAndOneEventEach() {
        Organisation org = fixture.org("Moran", Map.of());
        String last = name();
        ImportRunView run = fixture.importCsv(org, HEADER
                + ",1001,,Secret123,Aapo," + last + ",aapo@example.org,,True,\n"
                + ",1002,,Secret456,Äila,Ä" + last + ",aila@example.org,,,True\n", UPDATE);

        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.counts()).containsEntry("created", 2L).containsEntry("failed", 0L);
        List<DirectoryUser> users = fixture.usersOf(org);
        assertThat(users).extracting(u -> u.userName)
                .containsExactlyInAnyOrder("aapo." + last.toLowerCase(), "aila.a" + last.toLowerCase());
        DirectoryUser aapo = fixture.user("aapo." + last.toLowerCase());
        assertThat(aapo.orgLoginId).isEqualTo("1001");
        assertThat(aapo.canViewReports).isTrue();
        assertThat(aapo.forcePasswordChange).isFalse();
        assertThat(hasher.matches("Secret123", aapo.passwordHash)).isTrue();
        assertThat(aapo.passwordHash).startsWith("pbkdf2-sha256$1000$").doesNotContain("Secret123");

        List<UserChangedEvent> events = fixture.eventsOf(org);
        assertThat(events).hasSize(2).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(UserChangeType.CREATED);
            assertThat(e.version()).isEqualTo(1);
            assertThat(e.origin()).isEqualTo("import-service");
            assertThat(e.orgs()).containsExactly(org.path);
            assertThat(e.active()).isTrue();
        });
        assertThat(events).anySatisfy(e -> assertThat(e.givenName()).isEqualTo("Äila"));
    }

    @Test
    void reimportingTheSameFileChangesNothingAndPublishesNothing() {
        Organisation org = fixture.org("Moran", Map.of());
        String csv = HEADER + ",2001,,Secret123,Bea," + name() + ",bea@example.org,,,\n"
                + ",2002,,Secret123,Cai," + name() + ",cai@example.org,,,\n";
        fixture.importCsv(org, csv, UPDATE);
        int eventsAfterFirst = fixture.eventsOf(org).size();

        ImportRunView again = fixture.importCsv(org, csv, UPDATE);

        assertThat(again.counts()).containsEntry("unchanged", 2L).containsEntry("created", 0L)
                .containsEntry("updated", 0L);
        assertThat(fixture.eventsOf(org)).hasSize(eventsAfterFirst);
        assertThat(fixture.usersOf(org)).hasSize(2);
    }

    @Test
    void emptyCellsChangeNothingAndOnlyTrueOrFalseChangeFlags() {
        Organisation org = fixture.org("Moran", Map.of(), "Vessel", "Role");
        String last = name();
        String header = "OrgLoginID,FirstName,LastName,EmailAddress,CanViewReports,ForcePasswordChange,vessel,ROLE,"
                + "Password\n";
        fixture.importCsv(org, header + "3001,Dana," + last + ",dana@example.org,True,True,Aurora,Deck,Secret123\n",
                UPDATE);
        DirectoryUser before = fixture.usersOf(org).get(0);

        ImportRunView run = fixture.importCsv(org, header + "3001,,,,yes,,*remove*,,Other999\n", UPDATE);

        DirectoryUser after = fixture.user(before.userName);
        assertThat(run.counts()).containsEntry("updated", 1L);
        assertThat(after.firstName).isEqualTo("Dana");
        assertThat(after.lastName).isEqualTo(last);
        assertThat(after.email).isEqualTo("dana@example.org");
        assertThat(after.canViewReports).as("'yes' is not True or False").isTrue();
        assertThat(after.forcePasswordChange).isTrue();
        assertThat(after.profile).doesNotContainKey("Vessel").containsEntry("Role", "Deck");
        assertThat(hasher.matches("Secret123", after.passwordHash)).as("passwords of existing users never change")
                .isTrue();
        UserChangedEvent updated = fixture.events(List.of(after.id)).get(1);
        assertThat(updated.type()).isEqualTo(UserChangeType.UPDATED);
        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.changedFields()).containsExactly("attributes.Vessel");

        fixture.importCsv(org, header + "3001,,,,False,False,,,\n", UPDATE);
        DirectoryUser flags = fixture.user(before.userName);
        assertThat(flags.canViewReports).isFalse();
        assertThat(flags.forcePasswordChange).isFalse();
    }

    @Test
    void deactivatesDeletesAndReactivatesOnlyWhenAllowed() {
        Organisation org = fixture.org("Moran", Map.of());
        String last = name();
        fixture.importCsv(org, HEADER + ",4001,,Secret123,Eero," + last + ",eero@example.org,,,\n"
                + ",4002,,Secret123,Fanny," + last + ",fanny@example.org,,,\n", UPDATE);

        ImportRunView changes = fixture.importCsv(org, HEADER + "X,4001,,,,,,,,\nD,4002,,,,,,,,\nX,4999,,,,,,,,\n",
                UPDATE);
        assertThat(changes.counts()).containsEntry("deactivated", 1L).containsEntry("deleted", 1L)
                .containsEntry("skipped", 1L);
        DirectoryUser eero = fixture.usersOf(org).stream().filter(u -> "Eero".equals(u.firstName)).findFirst()
                .orElseThrow();
        assertThat(eero.active).isFalse();
        DirectoryUser fanny = fixture.usersOf(org).stream().filter(u -> "Fanny".equals(u.firstName)).findFirst()
                .orElseThrow();
        assertThat(fanny.deleted).isTrue();
        assertThat(fanny.orgLoginId).as("OrgLoginID is removed on delete by default").isNull();
        assertThat(fanny.email).isNull();
        assertThat(fixture.events(List.of(eero.id))).extracting(UserChangedEvent::type)
                .containsExactly(UserChangeType.CREATED, UserChangeType.DEACTIVATED);
        assertThat(fixture.events(List.of(fanny.id))).last().extracting(UserChangedEvent::type)
                .isEqualTo(UserChangeType.DELETED);

        ImportRunView notAllowed = fixture.importCsv(org, HEADER + ",4001,,,,,,,,\n", UPDATE);
        assertThat(notAllowed.counts()).containsEntry("skipped", 1L);
        assertThat(fixture.user(eero.userName).active).isFalse();

        ImportRunView allowed = fixture.importCsv(org, HEADER + ",4001,,,,,,,,\n", UPDATE_REACTIVATE);
        assertThat(allowed.counts()).containsEntry("reactivated", 1L);
        assertThat(fixture.user(eero.userName).active).isTrue();
        assertThat(fixture.events(List.of(eero.id))).last().extracting(UserChangedEvent::type)
                .isEqualTo(UserChangeType.REACTIVATED);
    }

    @Test
    void findsUsersByUserNameThenOrgLoginIdThenEmail() {
        Organisation org = fixture.org("Moran", Map.of());
        String last = name();
        fixture.importCsv(org, HEADER + ",5001,,Secret123,Gus," + last + ",gus@example.org,,,\n"
                + ",5002,,Secret123,Hilma," + last + ",hilma@example.org,,,\n", UPDATE);
        String gus = "gus." + last.toLowerCase();

        ImportRunView run = fixture.importCsv(org, HEADER
                // found by user name (LoginID): its OrgLoginID is updated too
                + ",5101," + gus + ",,Gustav,,,,,\n"
                // found by OrgLoginID with another e-mail: the e-mail is updated
                + ",5002,,,,,hilma.new@example.org,,,\n"
                // found by e-mail, but the row's OrgLoginID is another user's: an error
                + ",5999,,,,,gus@example.org,,,\n", UPDATE);

        assertThat(run.counts()).containsEntry("updated", 2L).containsEntry("failed", 1L).containsEntry("created", 0L);
        assertThat(fixture.user(gus).firstName).isEqualTo("Gustav");
        assertThat(fixture.user(gus).orgLoginId).isEqualTo("5101");
        assertThat(fixture.user("hilma." + last.toLowerCase()).email).isEqualTo("hilma.new@example.org");
        RowReport error = fixture.reports(run).get(0);
        assertThat(error.line()).isEqualTo(4);
        assertThat(error.kind()).isEqualTo(RowReport.FAILED);
        assertThat(error.reason()).contains("e-mail address belongs to user " + gus);
    }

    @Test
    void deletedUserComesBackWithItsOrgLoginIdWhenPreserved() {
        Organisation org = fixture.org("Moran", Map.of("preserveOrgLoginIdOnDelete", true));
        fixture.importCsv(org, HEADER + ",6001,,Secret123,Ilona," + name() + ",ilona@example.org,,,\n", UPDATE);
        DirectoryUser original = fixture.usersOf(org).get(0);
        fixture.importCsv(org, HEADER + "D,6001,,,,,,,,\n", UPDATE);
        assertThat(fixture.user(original.userName).orgLoginId).isEqualTo("6001");

        ImportRunView back = fixture.importCsv(org, HEADER + ",6001,,Other123,Ilona,,,,,\n", UPDATE_REACTIVATE);

        assertThat(back.counts()).containsEntry("restored", 1L).containsEntry("created", 0L);
        assertThat(fixture.usersOf(org)).hasSize(1);
        DirectoryUser restored = fixture.user(original.userName);
        assertThat(restored.id).isEqualTo(original.id);
        assertThat(restored.deleted).isFalse();
        assertThat(restored.active).isTrue();
        assertThat(fixture.events(List.of(original.id))).extracting(UserChangedEvent::type).containsExactly(
                UserChangeType.CREATED, UserChangeType.DELETED, UserChangeType.REACTIVATED);
    }

    @Test
    void deletedUserIsNotFoundAgainWithoutPreservation() {
        Organisation org = fixture.org("Moran", Map.of());
        fixture.importCsv(org, HEADER + ",7001,,Secret123,Jussi," + name() + ",jussi@example.org,,,\n", UPDATE);
        fixture.importCsv(org, HEADER + "D,7001,,,,,,,,\n", UPDATE);

        ImportRunView again = fixture.importCsv(org, HEADER + ",7001,,Secret123,Jussi,,jussi@example.org,,,\n",
                UPDATE_REACTIVATE);

        assertThat(again.counts()).containsEntry("created", 1L);
        assertThat(fixture.usersOf(org)).hasSize(2);
    }

    @Test
    void badRowsAreReportedWithLineAndReasonAndTheRestIsApplied() {
        Organisation org = fixture.org("Moran", Map.of());
        String last = name();
        ImportRunView run = fixture.importCsv(org, HEADER
                + ",8001,,Secret123,Kalle," + last + ",kalle@example.org,,,\n"
                + "Q,8002,,Secret123,Lotta," + last + ",lotta@example.org,,,\n"
                + ",8003,,TopSecret99,Mikko," + last + ",not-an-address,,,\n"
                + ",8004,,short,Nea," + last + ",nea@example.org,,,\n"
                + ",8005,,Secret123,Olli\n"
                + ",,,Secret123,Pia," + last + ",,,,\n"
                + ",8007,,Secret123,Ronja," + last + ",ronja@example.org,,,\n", UPDATE);

        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        assertThat(run.counts()).containsEntry("created", 2L).containsEntry("failed", 5L);
        List<RowReport> reports = fixture.reports(run);
        assertThat(reports).extracting(RowReport::line).containsExactly(3L, 4L, 5L, 6L, 7L);
        assertThat(reports.get(0).reason()).contains("first column must be D");
        assertThat(reports.get(1).reason()).contains("not an e-mail address");
        assertThat(reports.get(2).reason()).contains("password policy");
        assertThat(reports.get(3).reason()).contains("has 5 fields; the header has 10");
        assertThat(reports.get(4).reason()).contains("no LoginID or OrgLoginID");
        assertThat(reports).allSatisfy(r -> assertThat(r.reason() + r.row()).doesNotContain("Secret123")
                .doesNotContain("TopSecret99").doesNotContain("short,"));
        assertThat(reports.get(2).row()).contains(",***,");
    }

    @Test
    void unreadableFileIsRejectedWholeAndChangesNothing() {
        Organisation org = fixture.org("Moran", Map.of());
        long outboxBefore = fixture.outboxSize();
        byte[] good = (HEADER + ",9001,,Secret123,Saara," + name() + ",saara@example.org,,,\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[good.length + 12];
        System.arraycopy(good, 0, broken, 0, good.length);
        System.arraycopy(new byte[] { ',', '9', '0', '0', '2', ',', ',', (byte) 0xC3, (byte) 0x28, ',', 'x', '\n' },
                0, broken, good.length, 12);

        ImportRunView run = fixture.importBytes(org, broken, UPDATE);

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.failure()).contains("line 3").contains("UTF-8");
        assertThat(fixture.usersOf(org)).as("the good first row was not applied").isEmpty();
        assertThat(fixture.outboxSize()).isEqualTo(outboxBefore);

        ImportRunView noHeader = fixture.importCsv(org, "Name;Mail\nx;y\n", UPDATE);
        assertThat(noHeader.status()).isEqualTo(RunStatus.FAILED);
        assertThat(noHeader.failure()).contains("identifies users");
    }

    @Test
    void dryRunReportsTheSameAndWritesNothing() {
        Organisation org = fixture.org("Moran", Map.of());
        long outboxBefore = fixture.outboxSize();
        String csv = HEADER + ",1101,,Secret123,Tuuli," + name() + ",tuuli@example.org,,,\n"
                + ",1101,,Secret123,Tuuli,,,,,\n"
                + "Q,1102,,,,,,,,\n";

        ImportRunView dry = fixture.importCsv(org, csv, DRY_RUN);

        assertThat(dry.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        assertThat(dry.counts()).containsEntry("created", 1L).containsEntry("unchanged", 1L)
                .containsEntry("failed", 1L);
        assertThat(fixture.reports(dry)).extracting(RowReport::line).containsExactly(4L);
        assertThat(fixture.usersOf(org)).isEmpty();
        assertThat(fixture.outboxSize()).isEqualTo(outboxBefore);

        ImportRunView real = fixture.importCsv(org, csv, new ImportOptions(true, true, false, false));
        assertThat(real.counts()).isEqualTo(dry.counts());
    }

    @Test
    void headerOrderTranslationsProfileColumnsDelimiterAndIgnoredColumns() {
        Organisation org = fixture.org("Moran", Map.of("csvDelimiter", "|",
                "profileTranslations", Map.of("Sukunimi", "LastName", "Laiva", "Vessel")), "Vessel");
        String last = name();
        ImportRunView run = fixture.importCsv(org, "Sukunimi|EmailAddress|Shoe size|OrgLoginID|laiva|Password\n"
                + last + "|ulla@example.org|38|1201|Aurora|Secret123\n", UPDATE);

        assertThat(run.counts()).containsEntry("created", 1L);
        assertThat(run.ignoredColumns()).containsExactly("Shoe size");
        DirectoryUser ulla = fixture.usersOf(org).get(0);
        assertThat(ulla.lastName).isEqualTo(last);
        assertThat(ulla.profile).containsEntry("Vessel", "Aurora");
    }

    @Test
    void readsUtf16AndUtf8WithByteOrderMarks() {
        Organisation org = fixture.org("Moran", Map.of());
        String last = name();
        String csv = "OrgLoginID,FirstName,LastName,Password\n1301,Äänekoski,Jyväskylä" + last + ",Secret123\n";
        byte[] utf16 = ("\uFEFF" + csv).getBytes(StandardCharsets.UTF_16LE);
        assertThat(fixture.importBytes(org, utf16, UPDATE).counts()).containsEntry("created", 1L);
        byte[] utf8 = ("\uFEFF" + csv.replace("1301", "1302").replace(last, last + "b"))
                .getBytes(StandardCharsets.UTF_8);
        assertThat(fixture.importBytes(org, utf8, UPDATE).counts()).containsEntry("created", 1L);

        assertThat(fixture.usersOf(org)).extracting(u -> u.firstName).containsOnly("Äänekoski");
        assertThat(fixture.usersOf(org)).extracting(u -> u.orgLoginId).containsExactlyInAnyOrder("1301", "1302");
    }

    @Test
    void orgPathColumnMayNameTheOrganisationOrOneBelowIt() {
        Organisation org = fixture.org("Fleet", Map.of());
        Organisation vessel = fixture.sibling(org, "Fleet/Aurora", Map.of());
        String last = name();
        ImportRunView run = fixture.importCsv(org, "OrgPath,OrgLoginID,FirstName,LastName,Password\n"
                + vessel.path.toLowerCase() + ",1401,Veera," + last + ",Secret123\n"
                + "/Elsewhere/Ship,1402,Wilma," + last + ",Secret123\n", UPDATE);

        assertThat(run.counts()).containsEntry("created", 1L).containsEntry("failed", 1L);
        assertThat(fixture.usersOf(org).get(0).orgIds).containsExactly(vessel.id);
        assertThat(fixture.reports(run).get(0).reason()).contains("/Elsewhere/Ship is not " + org.path);
    }

    @Test
    void aRowMayNotTakeAnotherUsersEmailOrOrgLoginId() {
        Organisation org = fixture.org("Moran", Map.of());
        String a = name();
        String b = name();
        fixture.importCsv(org, "OrgLoginID,LastName,EmailAddress,Password\n" + a + "-1," + a + "," + a
                + "@example.org,Secret123\n" + b + "-2," + b + "," + b + "@example.org,Secret123\n", UPDATE);

        ImportRunView run = fixture.importCsv(org, "OrgLoginID,LastName,EmailAddress\n" + a + "-1," + a + "," + b
                + "@EXAMPLE.org\n", UPDATE);

        assertThat(run.counts()).containsEntry("failed", 1L).containsEntry("updated", 0L);
        assertThat(fixture.reports(run).get(0).reason()).isEqualTo("the e-mail address " + b
                + "@EXAMPLE.org belongs to user " + fixture.usersOf(org).stream()
                        .filter(u -> u.lastName.equals(b)).findFirst().orElseThrow().userName);
        String nameOfA = fixture.usersOf(org).stream().filter(u -> u.lastName.equals(a)).findFirst().orElseThrow().userName;
        ImportRunView taken = fixture.importCsv(org, "LoginID,OrgLoginID\n" + nameOfA + "," + b + "-2\n", UPDATE);
        assertThat(fixture.reports(taken).get(0).reason()).startsWith("the OrgLoginID " + b + "-2 belongs to user");
    }

    @Test
    void eventFieldsComeFromTheProfileFieldsTheOrganisationNames() {
        Organisation org = fixture.org("Moran", Map.of("eventFields", Map.of("upn", "Office365Login",
                "employeeNumber", "MemberNo")), "Office365Login", "MemberNo", "UPN");
        String last = name();
        fixture.importCsv(org, "OrgLoginID,LastName,Password,Office365Login,MemberNo,UPN\n1," + last
                + ",Secret123," + last + "@o365.example.org,4711,ignored@example.org\n", UPDATE);

        UserChangedEvent created = fixture.eventsOf(org).get(0);

        assertThat(created.upn()).isEqualTo(last + "@o365.example.org");
        assertThat(created.employeeNumber()).isEqualTo("4711");
        assertThat(created.postalCode()).as("the defaults stay for fields not named").isNull();
    }

    @Test
    void anUnknownEventFieldIsRefusedByName() {
        assertThatThrownBy(() -> fixture.org("Moran", Map.of("eventFields", Map.of("password", "Secret"))))
                .isInstanceOf(dev.provhub.importer.org.InvalidSettingsException.class)
                .hasMessageContaining("eventFields").hasMessageContaining("'password' is not an event field");
    }
}
