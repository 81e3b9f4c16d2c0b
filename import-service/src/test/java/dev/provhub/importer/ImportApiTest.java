package dev.provhub.importer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.provhub.events.UserChangedEventJson;
import dev.provhub.importer.org.Organisation;
import dev.provhub.importer.run.ImportRunView;
import dev.provhub.intake.csv.CsvReader;
import dev.provhub.intake.csv.CsvRecord;
import dev.provhub.localinfra.JwtTestResource;
import dev.provhub.localinfra.LocalJwtIssuer;
import dev.provhub.localinfra.TemporaryFolders;
import dev.provhub.runs.RunArtefacts;
import dev.provhub.runs.RunHeartbeat;
import dev.provhub.runs.RunStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.response.Response;

/** Imports over REST, the reports, the user directory, and events on the real topic. */
@ImportServiceTest
class ImportApiTest {

    @Inject
    ImportFixture fixture;

    @Inject
    RunArtefacts artefacts;

    @Inject
    RunHeartbeat heartbeat;

    @Inject
    EntityManager em;

    static String operator() {
        return JwtTestResource.bearer(LocalJwtIssuer.OPERATOR);
    }

    static Response finished(String id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String status = given().header("Authorization", operator()).get("/api/imports/" + id).path("status");
            return RunStatus.valueOf(status).finished();
        });
        return given().header("Authorization", JwtTestResource.bearer(LocalJwtIssuer.VIEWER))
                .get("/api/imports/" + id);
    }

    @Test
    void csvUploadAnswers202AndTheJobReportsCountsErrorsAndIgnoredColumns() {
        Organisation org = fixture.org("Moran", Map.of());
        String id = given().header("Authorization", operator()).contentType("text/csv")
                .queryParam("org", org.path).queryParam("fileName", "users.csv")
                .body("OrgLoginID,LastName,Password,Hat\n1,Rest,Secret123,x\n2,Short,Secret999\n")
                .when().post("/api/imports")
                .then().statusCode(202).header("Location", containsString("/api/imports/"))
                .extract().path("id");

        finished(id).then().statusCode(200)
                .body("status", equalTo("COMPLETED_WITH_ERRORS"))
                .body("counts.created", equalTo(1))
                .body("counts.failed", equalTo(1))
                .body("ignoredColumns[0]", equalTo("Hat"))
                .body("rowsTotal", equalTo(2))
                .body("progress", equalTo(1.0f))
                .body("errors[0].line", equalTo(3))
                .body("durationMillis", greaterThanOrEqualTo(0));

        String errors = given().header("Authorization", operator()).get("/api/imports/" + id + "/errors")
                .then().statusCode(200).contentType("text/csv").extract().asString();
        assertThat(errors).startsWith("line,kind,reason,row\r\n3,failed,").contains("\"2,Short,***\"")
                .doesNotContain("Secret999");
    }

    @Test
    void theErrorCsvHoldsNoCellASpreadsheetWouldRunAsAFormula() {
        Organisation org = fixture.org("Moran", Map.of());
        ImportRunView run = fixture.importCsv(org, "OrgLoginID,LastName,FirstName\n"
                + "f1,=cmd|x!A1,@SUM(1),+1\n"
                + "=HYPERLINK(\"http://x\"),-1,\t=1,x\n", ImportFixture.UPDATE);

        String errors = given().header("Authorization", operator()).get("/api/imports/" + run.id() + "/errors")
                .then().statusCode(200).extract().asString();

        List<List<String>> report = cells(errors);
        assertThat(report).hasSize(3);
        // the row is echoed in its own cell; a spreadsheet splitting it at the file's delimiter finds cells too
        List<List<String>> echoed = report.subList(1, 3).stream().map(line -> cells(line.get(3)).get(0)).toList();
        assertThat(echoed).containsExactly(List.of("f1", "'=cmd|x!A1", "'@SUM(1)", "'+1"),
                List.of("'=HYPERLINK(\"http://x\")", "'-1", "'\t=1", "x"));
        Stream.concat(report.stream(), echoed.stream()).flatMap(List::stream)
                .forEach(cell -> assertThat(cell).matches("(?s)[^=+\\-@\t\r].*|"));
    }

    private static List<List<String>> cells(String csv) {
        List<List<String>> lines = new ArrayList<>();
        try (CsvReader reader = new CsvReader(new StringReader(csv))) {
            for (CsvRecord record = reader.next(); record != null; record = reader.next()) {
                lines.add(record.fields());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    @Test
    void zipAndMultipartUploadsAndDryRun() throws Exception {
        Organisation org = fixture.org("Moran", Map.of("zipPasswordSecret", "provhub.test.zip-password"));
        Path csv = Files.writeString(TemporaryFolders.create("z").resolve("users.csv"),
                "OrgLoginID,LastName,Password\n1,Zip,Secret123\n");
        Path zip = TemporaryFolders.create("z").resolve("users.zip");
        FolderImportTest.aesZip(zip, csv, "Zip-Secret-1");

        String zipped = given().header("Authorization", operator()).contentType("application/zip")
                .queryParam("org", org.path).body(Files.readAllBytes(zip))
                .when().post("/api/imports").then().statusCode(202).extract().path("id");
        finished(zipped).then().body("status", equalTo("COMPLETED")).body("counts.created", equalTo(1));

        String dry = given().header("Authorization", operator()).queryParam("org", org.path)
                .queryParam("dryRun", true)
                .multiPart("file", "more.csv", "OrgLoginID,LastName,Password\n2,Form,Secret123\n"
                        .getBytes(StandardCharsets.UTF_8), "text/csv")
                .when().post("/api/imports").then().statusCode(202).extract().path("id");
        finished(dry).then().body("status", equalTo("COMPLETED")).body("dryRun", equalTo(true))
                .body("counts.created", equalTo(1)).body("fileName", equalTo("more.csv"));
        assertThat(fixture.usersOf(org)).extracting(u -> u.lastName).containsExactly("Zip");
    }

    @Test
    void uploadToAnUnknownOrganisationIsAProblem() {
        given().header("Authorization", operator()).contentType("text/csv").queryParam("org", "/No/Such/Org")
                .body("OrgLoginID\n1\n").when().post("/api/imports")
                .then().statusCode(404).contentType("application/problem+json")
                .body("title", equalTo("Organisation not found"));
    }

    @Test
    void aSwitchThatIsNeitherTrueNorFalseIsRefusedByName() {
        Organisation org = fixture.org("Moran", Map.of());
        // read as JAX-RS reads a boolean, "yes" was false: the "dry run" imported for real
        given().header("Authorization", operator()).contentType("text/csv").queryParam("org", org.path)
                .queryParam("dryRun", "yes").body("OrgLoginID,LastName,Password\n1,Dry,Secret123\n")
                .when().post("/api/imports")
                .then().statusCode(400).contentType("application/problem+json")
                .body("parameter", equalTo("dryRun")).body("detail", containsString("'yes'"));
        assertThat(fixture.usersOf(org)).isEmpty();
    }

    @Test
    void aRowWithANulCharacterIsRejectedByItsColumnAndTheRestIsImported() {
        Organisation org = fixture.org("Moran", Map.of());
        ImportRunView run = fixture.importCsv(org, "OrgLoginID,LastName,EmailAddress,Password\n"
                + "1,Nul,n\0ul@example.org,Secret123\n2,Fine,fine@example.org,Secret123\n", ImportFixture.UPDATE);

        assertThat(run.counts()).containsEntry("created", 1L).containsEntry("failed", 1L);
        assertThat(run.errors()).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(2);
            assertThat(error.reason()).isEqualTo("field 3 (EmailAddress) holds a NUL character");
        });
        assertThat(fixture.usersOf(org)).extracting(u -> u.lastName).containsExactly("Fine");
    }

    @Test
    void aHeaderWithANulCharacterRejectsTheFile() {
        Organisation org = fixture.org("Moran", Map.of());
        ImportRunView run = fixture.importCsv(org, "OrgLoginID,LastName,Ha\0t\n1,Nul,x\n", ImportFixture.UPDATE);

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.failure()).contains("NUL character in column 3");
        assertThat(fixture.usersOf(org)).isEmpty();
    }

    @Test
    void aPageFarPastTheEndIsEmptyNotAnError() {
        given().header("Authorization", JwtTestResource.bearer(LocalJwtIssuer.VIEWER))
                .queryParam("page", Integer.MAX_VALUE).queryParam("size", 500)
                .get("/api/users").then().statusCode(200).body("users.size()", equalTo(0));
    }

    @Test
    void usersCanBeFoundByTheirKeysAndOrganisation() {
        Organisation org = fixture.org("Moran", Map.of(), "Vessel");
        String last = "Dir" + UUID.randomUUID().toString().substring(0, 6);
        fixture.importCsv(org, "OrgLoginID,FirstName,LastName,EmailAddress,Password,Vessel\n"
                + "77," + "Ada," + last + "," + last + "@example.org,Secret123,Aurora\n", ImportFixture.UPDATE);

        String id = given().header("Authorization", JwtTestResource.bearer(LocalJwtIssuer.VIEWER))
                .queryParam("org", org.path).queryParam("orgLoginId", "77")
                .get("/api/users").then().statusCode(200)
                .body("total", equalTo(1))
                .body("users[0].lastName", equalTo(last))
                .body("users[0].orgs[0]", equalTo(org.path))
                .body("users[0].profile.Vessel", equalTo("Aurora"))
                .body("users[0].hasPassword", equalTo(true))
                .extract().path("users[0].id");
        String body = given().header("Authorization", JwtTestResource.bearer(LocalJwtIssuer.VIEWER))
                .get("/api/users/" + id).then().statusCode(200)
                .body("email", equalTo(last + "@example.org")).extract().asString();
        assertThat(body).doesNotContain("pbkdf2").doesNotContain("passwordHash");
    }

    @Test
    void eventsReachTheUserChangesTopicAsCloudEvents() {
        Organisation org = fixture.org("Moran", Map.of());
        fixture.importCsv(org, "OrgLoginID,LastName,Password\n1,Kafka,Secret123\n", ImportFixture.UPDATE);
        UUID userId = fixture.usersOf(org).get(0).id;

        var records = KafkaTopic.read("user-changes", Set.of(userId.toString()), Duration.ofSeconds(30), 1);

        assertThat(records).hasSize(1);
        assertThat(KafkaTopic.header(records.get(0), "ce_type")).isEqualTo("user.created");
        assertThat(KafkaTopic.header(records.get(0), "ce_source")).isEqualTo("/provhub/import-service");
        assertThat(UserChangedEventJson.read(records.get(0).value()).familyName()).isEqualTo("Kafka");
        assertThat(records.get(0).value()).doesNotContain("Secret123").doesNotContain("pbkdf2");
    }

    @Test
    void aRunWhoseProcessDiedIsRunAgainByAnotherToTheSameStateWithoutDuplicates() throws Exception {
        Organisation org = fixture.org("Moran", Map.of("batchSize", 1));
        String csv = "OrgLoginID,LastName,Password\n1,Crash,Secret123\n2,Crash,Secret123\n";
        fixture.importCsv(org, csv, ImportFixture.UPDATE);
        int events = fixture.eventsOf(org).size();
        // what a crash leaves: a run RUNNING part-way, owned by a process whose heartbeat stopped long ago
        Path file = Files.writeString(TemporaryFolders.file("crashed", ".csv"),
                csv + "3,Crash,Secret123\n4,Crash,Secret123\n");
        UUID crashed = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("""
                    insert into run (id, kind, scope, status, trigger, owner, heartbeat_at, attempts, created_at,
                                     started_at, progress_done)
                    values (?1, 'import', ?2, 'RUNNING', 'rest', 'a-dead-process', now() - interval '1 hour', 1,
                            now(), now(), 2)""").setParameter(1, crashed).setParameter(2, org.id.toString())
                    .executeUpdate();
            em.createNativeQuery("insert into import_run (run_id, org_id, org_path, file_name, allow_update, "
                    + "allow_reactivate, forced) values (?1, ?2, ?3, 'crashed.csv', true, false, false)")
                    .setParameter(1, crashed).setParameter(2, org.id).setParameter(3, org.path).executeUpdate();
            artefacts.store(crashed, "input.csv", "text/csv", file);
        });

        heartbeat.beat();
        ImportRunView resumed = fixture.finished(crashed);

        assertThat(resumed.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(resumed.counts()).containsEntry("created", 2L).containsEntry("unchanged", 2L);
        assertThat(fixture.usersOf(org)).hasSize(4);
        assertThat(fixture.eventsOf(org)).hasSize(events + 2);
        assertThat(artefacts.list(crashed)).as("the file (with its passwords) is gone when the run ends").isEmpty();
    }
}
