package dev.provhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.provhub.m365sim.http.JournalEntry;

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

    /**
     * Waits until {@code scim} (a scim-service replica of the scene, events as its source) has sent every person to
     * Entra and checks what an undisturbed run gives it: every person once, each bulk request accepted once.
     */
    ScimFigures assertScimAsUndisturbed(ServiceProcess scim, Duration timeout) {
        Simulator m365 = deployment.simulator();
        await().atMost(timeout).pollInterval(Duration.ofSeconds(1)).until(() -> {
            long sent = 0;
            for (JsonNode job : scim.getJson("/api/scim/jobs?limit=1000", deployment.operatorToken())) {
                sent += job.at("/progress/recordsSent").asLong();
            }
            return sent >= people.size();
        });
        await().atMost(timeout).until(() -> m365.raw().provisioning().awaitIdle(Duration.ofSeconds(1)));
        var accounts = m365.users().stream().map(user -> user.text("userPrincipalName"))
                .filter(upn -> upn != null && upn.endsWith("@o365.example.org")).toList();
        List<JournalEntry> calls = m365.bulkUploads();
        var accepted = calls.stream().filter(call -> call.status() == 202)
                .map(call -> call.header("client-request-id")).toList();
        var figures = new ScimFigures(accounts.size(), calls.size(), accepted.size(),
                calls.stream().map(call -> call.header("client-request-id")).distinct().count());
        assertThat(accounts).as("one account per person").hasSize(people.size()).doesNotHaveDuplicates();
        assertThat(accepted).as("bulk requests accepted once each").doesNotHaveDuplicates();
        return figures;
    }

    /** What scim-service gave Entra: accounts of the scene's people, bulkUpload calls, accepted, distinct ids. */
    record ScimFigures(long accounts, long calls, long accepted, long distinctRequestIds) {
    }
}
