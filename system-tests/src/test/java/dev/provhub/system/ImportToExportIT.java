package dev.provhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The first end-to-end path of the system: the packaged import-service and export-service as separate processes on
 * one Kafka and one PostgreSQL, with a real FTPS server. A CSV dropped into an organisation's import folder becomes
 * users, events, and the bytes of the files Office 365 receives. Full imports of two schools (SiSoPi): a pupil who
 * moves from one to the other stays one member, and one who leaves the last school is purged from the limbo and
 * reaches Office 365 as a removal.
 */
class ImportToExportIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String NORTH = "/Root/Schools/North";
    private static final String SOUTH = "/Root/Schools/South";

    static final Person AAPO = new Person("1", "Aapo", "Kiilunen", "aapo@example.org", "Secret123",
            "aapo.kiilunen@example.org", "9823459", "00100");
    static final Person BEA = new Person("2", "Bea", "Berg", "bea@example.org", "Secret123", "bea.berg@example.org",
            "9823460", "00200");
    static final Person CAI_WITHOUT_UPN = new Person("3", "Cai", "NoUpn", "cai@example.org", "Secret123", "",
            "9823461", "00300");

    @Test
    void droppedCsvBecomesUsersAndTheFilesOffice365Receives() throws Exception {
        try (var deployment = Deployment.create("importtoexport")) {
            var replicas = deployment.start(deployment.importReplica("import-service"),
                    deployment.exportReplica("export-service"));
            ServiceProcess importService = replicas.get(0);
            var exports = new ExportApi(replicas.get(1), deployment.operatorToken());
            deployment.drop("first.csv", new UserFile().add(AAPO).add(BEA).add(CAI_WITHOUT_UPN).csv());

            await().atMost(TIMEOUT).until(() -> importService
                    .get("/api/users?org=/Root/Moran", deployment.operatorToken()).body().contains("\"total\":3"));
            awaitApplied(exports, 3);
            JsonNode firstRun = export(exports);

            assertThat(fileOf(deployment, firstRun, "Uudet_")).isEqualTo(
                    "9823459,aapo.kiilunen@example.org,Aapo,Kiilunen,aapo@example.org,00100,0,0\n"
                            + "9823460,bea.berg@example.org,Bea,Berg,bea@example.org,00200,0,0\n");

            deployment.drop("second.csv", new UserFile().add(AAPO.withPostalCode("00180")).delete(BEA).csv());
            awaitApplied(exports, 5);
            JsonNode secondRun = export(exports);

            assertThat(fileOf(deployment, secondRun, "Muokatut_")).isEqualTo(
                    "9823459,aapo.kiilunen@example.org,Aapo,Kiilunen,aapo@example.org,00180,0,0\n");
            assertThat(fileOf(deployment, secondRun, "Poistetut_")).isEqualTo(
                    "9823460,bea.berg@example.org,Bea,Berg,bea@example.org,00200,0,0\n");
            assertThat(importService.log()).doesNotContain("Secret123");
            assertThat(replicas.get(1).log()).doesNotContain("ftps-secret");
        }
    }

    @Test
    void aPupilMovingBetweenSchoolsStaysOneMemberAndALimboPurgeReachesTheExportAsARemoval() throws Exception {
        try (var deployment = Deployment.create("sisopi")) {
            var replicas = deployment.start(deployment.importReplica("import-service")
                    .with("provhub.import.limbo-purge.cron", "0/1 * * * * ?"),
                    deployment.exportReplica("export-service"));
            ServiceProcess importService = replicas.get(0);
            var imports = new ImportApi(importService, deployment.operatorToken());
            var exports = new ExportApi(replicas.get(1), deployment.operatorToken());
            for (String school : List.of(NORTH, SOUTH)) {
                var created = importService.postJson("/api/orgs", """
                        {"path": "%s", "profileFields": ["UPN", "EmployeeNumber", "PostalCode"],
                         "settings": {"importMode": "full", "sourceUid": "sis", "removalThresholdPercent": 100,
                                      "deletionGracePeriod": {"deactivation": 0, "deletion": 0}}}""".formatted(school),
                        deployment.adminToken());
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            }
            Person ada = new Person("r-ada", "Ada", "Aalto", "ada@school.example.org", "Secret123",
                    "ada@o365.example.org", "7000001", "00100");
            Person ben = new Person("r-ben", "Ben", "Berg", "ben@school.example.org", "Secret123",
                    "ben@o365.example.org", "7000002", "00200");
            Person cai = new Person("r-cai", "Cai", "Cho", "cai@school.example.org", "Secret123",
                    "cai@o365.example.org", "7000003", "00300");

            // a pupil of each school, and Ada, who moves from North to South
            imported(imports, NORTH, schoolFile(ada, ben));
            imported(imports, SOUTH, schoolFile(cai));
            awaitApplied(exports, 3);
            JsonNode first = export(exports);
            assertThat(fileOf(deployment, first, "Uudet_").lines()).containsExactly(ada.exportLine(),
                    ben.exportLine(), cai.exportLine());

            imported(imports, SOUTH, schoolFile(cai, ada));
            imported(imports, NORTH, schoolFile(ben));
            JsonNode ada2 = importService.getJson("/api/users?org=" + SOUTH, deployment.operatorToken());
            assertThat(ada2.toString()).as("Ada in South").contains("r-ada");
            JsonNode second = export(exports);
            assertThat(fileOf(deployment, second, "Uudet_")).as("no one new: Ada is the same member").isEmpty();
            assertThat(fileOf(deployment, second, "Poistetut_")).as("no one removed").isEmpty();

            // Ben leaves North, his last school: deactivated into limbo, purged at once (grace 0 days)
            imported(imports, NORTH, schoolFile());
            await().atMost(TIMEOUT).until(() -> deployment.importDatabase().number(
                    "select count(*) from outbox_event where event_type = 'user.deleted'") == 1);
            long events = deployment.importDatabase().number("select count(*) from outbox_event");
            awaitApplied(exports, events);
            JsonNode third = export(exports);
            assertThat(fileOf(deployment, third, "Poistetut_")).as("removed from Office 365")
                    .contains(ben.employeeNumber() + "," + ben.upn());
            assertThat(fileOf(deployment, third, "Poistetut_")).doesNotContain(ada.upn());
        }
    }

    /** A full import file of a school: the complete list of its pupils from the source, by RecordUID. */
    private static String schoolFile(Person... pupils) {
        var csv = new StringBuilder(
                "RecordUID,FirstName,LastName,EmailAddress,Password,UPN,EmployeeNumber,PostalCode\n");
        for (Person p : pupils) {
            csv.append(String.join(",", p.orgLoginId(), p.firstName(), p.lastName(), p.email(), p.password(),
                    p.upn(), p.employeeNumber(), p.postalCode())).append('\n');
        }
        return csv.toString();
    }

    private static void imported(ImportApi imports, String school, String csv) throws Exception {
        JsonNode report = imports.awaitFinished(imports.start(school, "school.csv", csv), TIMEOUT);
        assertThat(RunStatus.of(report)).as(report.toString()).isEqualTo(RunStatus.COMPLETED);
    }

    /** Waits until export-service has applied {@code events} user changes in all. */
    private static void awaitApplied(ExportApi exports, long events) {
        await().atMost(TIMEOUT).until(() -> exports.appliedEvents() >= events);
    }

    private static JsonNode export(ExportApi exports) throws Exception {
        JsonNode report = exports.awaitFinished(exports.start(), TIMEOUT);
        assertThat(RunStatus.of(report)).as(report.toString()).isEqualTo(RunStatus.COMPLETED);
        return report;
    }

    /** The bytes the FTPS server received for the run's file starting with {@code prefix}. */
    private static String fileOf(Deployment deployment, JsonNode report, String prefix) throws Exception {
        return Files.readString(deployment.ftps().uploaded(ExportApi.fileName(report, prefix)),
                StandardCharsets.UTF_8);
    }
}
