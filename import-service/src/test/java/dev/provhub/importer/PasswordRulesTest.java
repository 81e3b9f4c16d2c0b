package dev.provhub.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.provhub.importer.org.Organisation;
import dev.provhub.importer.password.PasswordHasher;
import dev.provhub.importer.run.ImportRunView;
import dev.provhub.importer.user.DirectoryUser;

/** New users' initial passwords: the seed's 8-row table, formats, the policy, expiry and the DateOfBirth integration. */
@ImportServiceTest
class PasswordRulesTest {

    static final String FORMAT = "LastName+123!";

    @Inject
    ImportFixture fixture;

    @Inject
    PasswordHasher hasher;

    /**
     * The seed's table, each row with and without a password format; with a password column, both with a provided
     * password and with an empty one where the seed distinguishes them. Expected: FILE (the row's password), FORMAT,
     * RANDOM (no usable password) or ERROR (not created).
     */
    @ParameterizedTest(name = "usePasswordOnCreate={0} useRandom={1} column={2} value=''{3}'' format={4} -> {5}")
    @MethodSource("dev.provhub.importer.password.SeedPasswordTable#rows")
    void initialPasswordFollowsTheSeedsTable(boolean usePasswordOnCreate, boolean useRandom, boolean column,
            String value, boolean format, String expected) {
        var settings = new HashMap<String, Object>();
        settings.put("usePasswordOnCreate", usePasswordOnCreate);
        settings.put("useRandomPasswordIfNotProvided", useRandom);
        if (format) {
            settings.put("newUserPasswordFormat", FORMAT);
        }
        Organisation org = fixture.org("Pw", settings);
        String last = "Kiilunen" + UUID.randomUUID().toString().substring(0, 4);
        String csv = column ? "OrgLoginID,FirstName,LastName,Password\n1,Aapo," + last + "," + (value == null ? ""
                : value) + "\n" : "OrgLoginID,FirstName,LastName\n1,Aapo," + last + "\n";

        ImportRunView run = fixture.importCsv(org, csv, ImportFixture.UPDATE);

        if (expected.equals("ERROR")) {
            assertThat(run.counts()).containsEntry("failed", 1L).containsEntry("created", 0L);
            assertThat(fixture.reports(run).get(0).reason()).startsWith("no password");
            assertThat(fixture.usersOf(org)).isEmpty();
            return;
        }
        assertThat(run.counts()).containsEntry("created", 1L);
        DirectoryUser user = fixture.usersOf(org).get(0);
        switch (expected) {
            case "FILE" -> assertThat(hasher.matches("Provided123", user.passwordHash)).isTrue();
            case "FORMAT" -> assertThat(hasher.matches(last + "123!", user.passwordHash)).isTrue();
            case "RANDOM" -> {
                assertThat(user.passwordHash).as("no usable password").isNull();
                assertThat(user.passwordExpired).as("must be reset").isTrue();
            }
            default -> throw new AssertionError(expected);
        }
    }

    @Test
    void formatPartsKeepTheirCaseRules() {
        Organisation org = fixture.org("Pw", Map.of("newUserPasswordFormat", "123+firstname+!!!+LASTNAME+321",
                "usePasswordOnCreate", false));
        fixture.importCsv(org, "OrgLoginID,FirstName,LastName\n1,Aapo,Kiilunen\n", ImportFixture.UPDATE);
        assertThat(hasher.matches("123aapo!!!KIILUNEN321", fixture.usersOf(org).get(0).passwordHash)).isTrue();

        Organisation mixed = fixture.org("Pw", Map.of("newUserPasswordFormat", "Lastname+Vessel+7",
                "usePasswordOnCreate", false), "Vessel");
        fixture.importCsv(mixed, "OrgLoginID,FirstName,LastName,Vessel\n1,Aapo,kiilunen,aurora\n",
                ImportFixture.UPDATE);
        assertThat(hasher.matches("KiilunenAurora7", fixture.usersOf(mixed).get(0).passwordHash)).isTrue();
    }

    @Test
    void formatThatNeedsAnEmptyValueRejectsTheRow() {
        Organisation org = fixture.org("Pw", Map.of("newUserPasswordFormat", "LastName+Vessel+7",
                "usePasswordOnCreate", false), "Vessel");
        ImportRunView run = fixture.importCsv(org, "OrgLoginID,FirstName,LastName,Vessel\n1,Aapo,Kiilunen,\n",
                ImportFixture.UPDATE);
        assertThat(fixture.reports(run).get(0).reason()).contains("needs Vessel, which is empty");
    }

    @Test
    void policyRejectsWeakPasswordsWithoutShowingThem() {
        Organisation org = fixture.org("Pw", Map.of("passwordPolicy", Map.of("minLength", 10,
                "requireSpecial", true)));
        ImportRunView run = fixture.importCsv(org, "OrgLoginID,LastName,Password\n1,A,Secret123\n2,B,Secret123!x\n",
                ImportFixture.UPDATE);

        assertThat(run.counts()).containsEntry("created", 1L).containsEntry("failed", 1L);
        assertThat(fixture.reports(run).get(0).reason()).contains("shorter than 10").doesNotContain("Secret123");
        assertThat(fixture.reports(run).get(0).row()).doesNotContain("Secret123");
    }

    @Test
    void expireInitialPasswordMakesTheUserChangeIt() {
        Organisation org = fixture.org("Pw", Map.of("expireInitialPassword", true));
        fixture.importCsv(org, "OrgLoginID,LastName,Password\n1,A,Secret123\n", ImportFixture.UPDATE);
        DirectoryUser user = fixture.usersOf(org).get(0);
        assertThat(user.passwordExpired).isTrue();
        assertThat(hasher.matches("Secret123", user.passwordHash)).isTrue();
    }

    @Test
    void dateOfBirthIntegrationNeverCreatesARandomPassword() {
        Organisation org = fixture.org("Carnival", Map.of("integration", "CarnivalUserImporter",
                "useRandomPasswordIfNotProvided", true, "passwordPolicy", Map.of("minLength", 8,
                        "requireUpper", false, "requireLower", false)),
                "DateOfBirth");
        ImportRunView run = fixture.importCsv(org, "OrgLoginID,LastName,DateOfBirth\n1,A,01.04.2010\n2,B,\n",
                ImportFixture.UPDATE);

        assertThat(run.counts()).containsEntry("created", 1L).containsEntry("failed", 1L);
        assertThat(hasher.matches("01042010", fixture.usersOf(org).get(0).passwordHash)).isTrue();
        assertThat(fixture.reports(run).get(0).reason()).contains("no DateOfBirth");

        Organisation formatted = fixture.org("Carnival", Map.of("integration", "DateOfBirthPassword",
                "newUserPasswordFormat", "LastName+DateOfBirth"), "DateOfBirth");
        fixture.importCsv(formatted, "OrgLoginID,LastName,DateOfBirth\n1,Kiilunen,2010-04-01\n",
                ImportFixture.UPDATE);
        assertThat(hasher.matches("Kiilunen2010-04-01", fixture.usersOf(formatted).get(0).passwordHash)).isTrue();
    }
}
