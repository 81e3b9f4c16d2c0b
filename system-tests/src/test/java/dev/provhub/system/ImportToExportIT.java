package dev.provhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The first end-to-end path of the system: the packaged import-service and export-service as separate processes on
 * one Kafka and one PostgreSQL, with a real FTPS server. A CSV dropped into an organisation's import folder becomes
 * users, events, and the bytes of the files Office 365 receives.
 */
class ImportToExportIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

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
