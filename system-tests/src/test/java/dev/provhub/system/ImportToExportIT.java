package dev.provhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.provhub.localinfra.LocalFtps;
import dev.provhub.localinfra.LocalJwtIssuer;
import dev.provhub.localinfra.LocalKafka;
import dev.provhub.localinfra.LocalPostgres;
import dev.provhub.localinfra.LocalSmtp;

/**
 * The first end-to-end path of the system: the packaged import-service and export-service as separate processes on
 * one Kafka and one PostgreSQL, with a real FTPS server. A CSV dropped into an organisation's import folder becomes
 * users, events, and the bytes of the files Office 365 receives.
 */
class ImportToExportIT {

    static final Path WORK = Path.of("target", "system-tests").toAbsolutePath();
    static final String HEADER = "OrgLoginID,FirstName,LastName,EmailAddress,Password,UPN,EmployeeNumber,"
            + "PostalCode\n";

    static LocalKafka kafka;
    static LocalPostgres postgres;
    static LocalSmtp smtp;
    static LocalFtps ftps;
    static LocalJwtIssuer jwt;
    static ServiceProcess importService;
    static ServiceProcess exportService;
    static Path importFolder;

    @BeforeAll
    static void startTheSystem() throws Exception {
        deleteTree(WORK);
        Files.createDirectories(WORK);
        kafka = LocalKafka.start();
        postgres = LocalPostgres.start();
        smtp = LocalSmtp.start(0);
        ftps = LocalFtps.start(Files.createDirectories(WORK.resolve("ftps")), 0, false, "o365", "ftps-secret");
        jwt = LocalJwtIssuer.generate();
        Path publicKey = jwt.writePublicKey(WORK.resolve("jwt-public.pem"));

        Map<String, String> common = new HashMap<>();
        common.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        common.put("QUARKUS_DATASOURCE_USERNAME", postgres.username());
        common.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
        common.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toUri().toString());
        common.put("MP_JWT_VERIFY_ISSUER", LocalJwtIssuer.ISSUER);

        importFolder = Files.createDirectories(WORK.resolve("moran/in"));
        Path organisations = Files.writeString(WORK.resolve("organisations.json"), """
                {"organisations": [{"path": "/Root/Moran", "profileFields": ["UPN", "EmployeeNumber", "PostalCode"],
                  "settings": {"importFolder": "%s", "backupFolder": "%s"}}]}
                """.formatted(importFolder, WORK.resolve("moran/backup")));
        Map<String, String> importEnv = new HashMap<>(common);
        importEnv.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.createDatabase("import"));
        importEnv.put("QUARKUS_MAILER_HOST", smtp.host());
        importEnv.put("QUARKUS_MAILER_PORT", String.valueOf(smtp.port()));
        importEnv.put("PROVHUB_IMPORT_ORGANISATIONS_FILE", organisations.toString());
        importEnv.put("PROVHUB_IMPORT_FOLDER_CRON", "0/1 * * * * ?");
        importEnv.put("PROVHUB_IMPORT_FOLDER_SETTLE_TIME", "0s");
        importEnv.put("PROVHUB_IMPORT_PASSWORD_ITERATIONS", "1000");
        importEnv.put("PROVHUB_IMPORT_SPOOL_DIR", WORK.resolve("spool").toString());
        importEnv.put("PROVHUB_OUTBOX_RELAY_POLL_INTERVAL", "100ms");
        importService = ServiceProcess.start("import-service", freePort(), importEnv, WORK);

        Map<String, String> exportEnv = new HashMap<>(common);
        exportEnv.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.createDatabase("export"));
        exportEnv.put("PROVHUB_EXPORT_CRON", "off");
        exportEnv.put("PROVHUB_EXPORT_OUTPUT_DIR", WORK.resolve("export-files").toString());
        exportEnv.put("PROVHUB_EXPORT_FTPS_URL", ftps.url());
        exportEnv.put("PROVHUB_EXPORT_FTPS_USER", ftps.username());
        exportEnv.put("PROVHUB_EXPORT_FTPS_PASSWORD", ftps.password());
        exportEnv.put("PROVHUB_EXPORT_FTPS_TRUST_STORE", ftps.trustStoreFile().toString());
        exportEnv.put("PROVHUB_EXPORT_FTPS_TRUST_STORE_PASSWORD", LocalFtps.STORE_PASSWORD);
        exportService = ServiceProcess.start("export-service", freePort(), exportEnv, WORK);
    }

    @AfterAll
    static void stopTheSystem() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] { exportService, importService, ftps, smtp, postgres,
                kafka }) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    void droppedCsvBecomesUsersAndTheFilesOffice365Receives() throws Exception {
        String operator = jwt.token(LocalJwtIssuer.OPERATOR);
        drop("first.csv", HEADER
                + "1,Aapo,Kiilunen,aapo@example.org,Secret123,aapo.kiilunen@example.org,9823459,00100\n"
                + "2,Bea,Berg,bea@example.org,Secret123,bea.berg@example.org,9823460,00200\n"
                + "3,Cai,NoUpn,cai@example.org,Secret123,,9823461,00300\n");

        await().atMost(Duration.ofSeconds(60)).until(() -> importService
                .get("/api/users?org=/Root/Moran", operator).body().contains("\"total\":3"));
        awaitApplied(3);
        String firstRun = export(operator);

        assertThat(fileOf(firstRun, "Uudet_")).isEqualTo(
                "9823459,aapo.kiilunen@example.org,Aapo,Kiilunen,aapo@example.org,00100,0,0\n"
                        + "9823460,bea.berg@example.org,Bea,Berg,bea@example.org,00200,0,0\n");

        drop("second.csv", "Deactivate (X)," + HEADER
                + ",1,,,,,,,00180\n"
                + "D,2,,,,,,,\n");
        awaitApplied(5);
        String secondRun = export(operator);

        assertThat(fileOf(secondRun, "Muokatut_")).isEqualTo(
                "9823459,aapo.kiilunen@example.org,Aapo,Kiilunen,aapo@example.org,00180,0,0\n");
        assertThat(fileOf(secondRun, "Poistetut_")).isEqualTo(
                "9823460,bea.berg@example.org,Bea,Berg,bea@example.org,00200,0,0\n");
        assertThat(importService.tail()).doesNotContain("Secret123");
        assertThat(exportService.tail()).doesNotContain("ftps-secret");
    }

    private static void drop(String name, String csv) throws IOException {
        Path temp = WORK.resolve(name + ".tmp");
        Files.writeString(temp, csv, StandardCharsets.UTF_8);
        Files.move(temp, importFolder.resolve(name));
    }

    /** Waits until export-service has applied {@code events} user changes in all. */
    private static void awaitApplied(int events) {
        Pattern applied = Pattern.compile("provhub_export_events_total\\{[^}]*outcome=\"applied\"[^}]*} ([0-9.]+)");
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Matcher m = applied.matcher(exportService.get("/q/metrics", null).body());
            return m.find() && Double.parseDouble(m.group(1)) >= events;
        });
    }

    /** Runs an export over REST and returns its report once it has finished. */
    private static String export(String token) throws Exception {
        var started = exportService.postJson("/api/exports", "{\"dryRun\": false}", token);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = field(started.body(), "id");
        String[] report = new String[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            report[0] = exportService.get("/api/exports/" + id, token).body();
            return !field(report[0], "status").equals("RUNNING");
        });
        assertThat(field(report[0], "status")).as(report[0]).isEqualTo("COMPLETED");
        return report[0];
    }

    /** The bytes the FTPS server received for the run's file starting with {@code prefix}. */
    private static String fileOf(String report, String prefix) throws IOException {
        Matcher m = Pattern.compile("\"name\":\"(" + prefix + "\\d{14}\\.csv)\"").matcher(report);
        assertThat(m.find()).as(report).isTrue();
        return Files.readString(ftps.uploaded(m.group(1)), StandardCharsets.UTF_8);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "";
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
