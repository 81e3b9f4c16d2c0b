package dev.provhub.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.provhub.importer.cli.ImportUsersCommand;
import dev.provhub.importer.org.Organisation;
import dev.provhub.importer.org.OrganisationDirectory;
import dev.provhub.importer.org.OrganisationsFile;
import dev.provhub.localinfra.TemporaryFolders;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import picocli.CommandLine;

@ImportServiceTest
class CommandAndConfigFileTest {

    @Inject
    ImportFixture fixture;

    @Inject
    OrganisationsFile organisationsFile;

    @Inject
    OrganisationDirectory directory;

    record Result(int exitCode, String output) {
    }

    static Result importUsers(String... args) {
        var out = new StringWriter();
        var command = new CommandLine(Arc.container().instance(ImportUsersCommand.class).get());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(out));
        int code = command.execute(args);
        return new Result(code, out.toString());
    }

    @Test
    void importUsersCommandTakesTheSeedsArgumentsAndPrintsTheReport() throws Exception {
        Organisation org = fixture.org("Moran", Map.of());
        Path file = Files.writeString(TemporaryFolders.file("users", ".csv"),
                "OrgLoginID,LastName,Password\n1,Cli,Secret123\n2,Cli,Secret123\n");

        Result dry = importUsers(org.path, file.toString(), "true", "false", "--dry-run");
        assertThat(dry.exitCode()).isEqualTo(0);
        assertThat(dry.output()).contains("(dry run): COMPLETED").contains("created          2");
        assertThat(fixture.usersOf(org)).isEmpty();

        Result real = importUsers(org.path, file.toString(), "true", "true");
        assertThat(real.exitCode()).isEqualTo(0);
        assertThat(fixture.usersOf(org)).hasSize(2);

        Path bad = Files.writeString(TemporaryFolders.file("users", ".csv"), "OrgLoginID,LastName\n1\n");
        Result withErrors = importUsers(org.path, bad.toString(), "false", "false");
        assertThat(withErrors.exitCode()).isEqualTo(1);
        assertThat(withErrors.output()).contains("line 2 failed: has 1 fields");

        Result missing = importUsers(org.path, "/no/such/file.csv", "true", "true");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(importUsers(org.path, file.toString(), "maybe", "true").exitCode()).isNotZero();
    }

    @Test
    void organisationsFileCreatesAndReplacesOrganisations() throws Exception {
        String path = "/File" + UUID.randomUUID().toString().substring(0, 6) + "/Moran";
        Path file = Files.writeString(TemporaryFolders.file("orgs", ".json"), """
                {"organisations": [{"path": "%s", "profileFields": ["Vessel"],
                  "settings": {"System.Customer.UserImportCsvDelimiter": ";", "backupRetentionDays": 14}}]}
                """.formatted(path));

        assertThat(organisationsFile.apply(file)).isEqualTo(1);
        Organisation org = QuarkusTransaction.requiringNew().call(() -> directory.requirePath(path));
        assertThat(org.importSettings().csvDelimiter()).isEqualTo(";");
        assertThat(org.importSettings().backupRetentionDays()).isEqualTo(14);
        assertThat(org.profileFields).containsExactly("Vessel");

        Files.writeString(file, """
                {"organisations": [{"path": "%s", "settings": {"batchSize": 0}}]}""".formatted(path));
        assertThatThrownBy(() -> organisationsFile.apply(file)).hasMessageContaining(path)
                .hasMessageContaining("batchSize");

        // a file that is invalid at its second organisation applies nothing, not even the first
        String before = path + "/Before";
        Files.writeString(file, """
                {"organisations": [{"path": "%s"}, {"path": "%s", "settings": {"batchSize": 0}}]}"""
                .formatted(before, path));
        assertThatThrownBy(() -> organisationsFile.apply(file)).hasMessageContaining("batchSize");
        assertThat(QuarkusTransaction.requiringNew().call(() -> directory.byPath(before))).isEmpty();
    }
}
