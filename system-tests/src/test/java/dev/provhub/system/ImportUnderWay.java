package dev.provhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The scene of a fault test: import-service and export-service of one deployment, and an import of numbered people
 * a fifth of the way through, ready to be disturbed.
 */
record ImportUnderWay(Deployment deployment, List<ServiceProcess> replicas, ImportApi imports, ExportApi exports,
        List<Person> people, String runId) {

    /**
     * Starts one replica of each service (and {@code more}, after them) and an import of {@code rows} people; returns
     * once a fifth is done.
     */
    static ImportUnderWay start(Deployment deployment, int rows, Duration timeout, Deployment.Replica... more)
            throws Exception {
        var all = new java.util.ArrayList<Deployment.Replica>(List.of(deployment.importReplica("import-a"),
                deployment.exportReplica("export-a")));
        all.addAll(List.of(more));
        var replicas = deployment.start(all.toArray(Deployment.Replica[]::new));
        var imports = new ImportApi(replicas.get(0), deployment.operatorToken());
        var exports = new ExportApi(replicas.get(1), deployment.operatorToken());
        List<Person> people = Person.numbered(rows);
        String runId = imports.start("people.csv", UserFile.of(people));
        await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> imports.get(runId).path("rowsDone").asLong() >= rows / 5);
        return new ImportUnderWay(deployment, replicas, imports, exports, people, runId);
    }

    /** Runs an export and checks that Office 365 receives what an undisturbed run sends: every person once, new. */
    void assertExportAsUndisturbed(Duration timeout) throws Exception {
        JsonNode export = exports.awaitFinished(exports.start(), timeout);
        assertThat(RunStatus.of(export)).as(export.toString()).isEqualTo(RunStatus.COMPLETED);
        assertThat(Files.readAllLines(deployment.ftps().uploaded(ExportApi.fileName(export, "Uudet_"))))
                .containsExactlyInAnyOrderElementsOf(people.stream().map(Person::exportLine).toList());
    }
}
