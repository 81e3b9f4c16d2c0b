package dev.provhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Office 365's FTPS server goes away in the middle of an export (after the first file is on its way) and comes back:
 * the packaged export-service sends the files the server did not take under the run's own names, so every file
 * reaches the server once, and the members are exported once.
 */
@Tag("faults")
class FtpsOutageIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void aServerAwayMidExportGetsEveryFileOnceUnderItsNameWhenItIsBack() throws Exception {
        try (var deployment = Deployment.create("ftpsoutage")) {
            var replicas = deployment.start(deployment.importReplica("import-service"),
                    deployment.exportReplica("export-service").with("provhub.export.ftps.retry-backoff", "1s"));
            var imports = new ImportApi(replicas.get(0), deployment.operatorToken());
            var exports = new ExportApi(replicas.get(1), deployment.operatorToken());
            List<Person> people = Person.numbered(100);
            JsonNode imported = imports.awaitFinished(imports.start("people.csv", UserFile.of(people)), TIMEOUT);
            assertThat(RunStatus.of(imported)).as(imported.toString()).isEqualTo(RunStatus.COMPLETED);
            await().atMost(TIMEOUT).until(() -> exports.appliedEvents() >= people.size());

            JsonNode report;
            try (var hold = deployment.ftps().holdUploads()) {
                String exportId = exports.start();
                hold.awaitHeldUpload(TIMEOUT);
                deployment.ftps().suspend();
                hold.release();
                await().atMost(TIMEOUT).until(() -> Metrics.value(replicas.get(1),
                        "provhub_export_upload_retries_total", "") > 0);
                Thread.sleep(1_500);
                deployment.ftps().resume();
                report = exports.awaitFinished(exportId, TIMEOUT);
            } finally {
                deployment.ftps().resume();
            }

            assertThat(RunStatus.of(report)).as(report.toString()).isEqualTo(RunStatus.COMPLETED);
            var names = new ArrayList<String>();
            report.get("files").forEach(file -> names.add(file.get("name").asText()));
            assertThat(deployment.ftps().uploadedFiles()).extracting(path -> path.getFileName().toString())
                    .as("files on the server: each of the run's once").containsExactlyInAnyOrderElementsOf(names);
            assertThat(Files.readString(deployment.ftps().uploaded(ExportApi.fileName(report, "Uudet_")),
                    StandardCharsets.UTF_8).lines()).containsExactlyElementsOf(
                            people.stream().map(Person::exportLine).toList());
            System.out.printf("FTPS server away mid-export: %d upload retries, files on the server %s%n",
                    Metrics.value(replicas.get(1), "provhub_export_upload_retries_total", ""), names);
        }
    }
}
