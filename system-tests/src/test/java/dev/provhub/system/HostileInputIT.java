package dev.provhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 12, hostile input: every input of the corpus ({@code src/test/resources/hostile/corpus.json}) is sent to one
 * deployment (one replica of each service). Each must get a clear error that says what and where, leave every
 * service ready, change nothing but the rows the corpus says a partly bad file rightly imports (users, outbox,
 * organisations, exports, the topic, SCIM jobs, syncs), and show no secret in a log, a report or an event. Prints
 * tried, clear errors, crashes, partial writes and leaks.
 * Tagged {@code hostile}: it runs with {@code -Plong} (and in CI), outside the default suite's time.
 */
@Tag("hostile")
class HostileInputIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ZIP_PASSWORD = "Vault-Zip-Secret-42";
    /** A cell that a spreadsheet would run: a formula character where a cell or an echoed row's cell starts. */
    private static final Pattern FORMULA_CELL = Pattern.compile("(^|[,;\\t\"])[=+@-]", Pattern.MULTILINE);

    private Deployment deployment;
    private ServiceProcess importService;
    private ServiceProcess exportService;
    private ServiceProcess scimService;
    private ServiceProcess syncService;
    private String moranId;
    private List<String> secrets;
    private String operatorToken;
    private String adminToken;

    /** What the system did with one input, and what was wrong with it. */
    private record Outcome(HostileInput input, int status, boolean clear, boolean crash, boolean partialWrite,
            boolean leak, List<String> problems) {
    }

    /** The rows and records an input could change; stored files are the inputs of import runs (with passwords). */
    private record Counts(long users, long outbox, long organisations, long storedFiles, long exports, long topic,
            long scimJobs, long syncRuns) {
    }

    @Test
    void everyHostileInputGetsAClearErrorChangesNothingAndLeaksNothing() throws Exception {
        List<HostileInput> corpus = HostileInput.corpus();
        long started = System.nanoTime();
        try (var d = Deployment.create("hostile")) {
            deployment = d;
            var replicas = d.start(d.importReplica("import-a").with("provhub.import.max-file-bytes", "4194304")
                    .with("HOSTILE_ZIP_PASSWORD", ZIP_PASSWORD).with("provhub.runs.worker.poll-interval", "200ms"),
                    d.exportReplica("export-a"), d.scimReplica("scim-a"), d.syncReplica("sync-a"));
            operatorToken = d.operatorToken();
            adminToken = d.adminToken();
            importService = replicas.get(0);
            exportService = replicas.get(1);
            scimService = replicas.get(2);
            syncService = replicas.get(3);
            createOrganisation("/Root/Vault", "HOSTILE_ZIP_PASSWORD");
            createOrganisation("/Root/Unset", "HOSTILE_UNSET_SECRET");
            moranId = importService.getJson("/api/orgs?path=/Root/Moran", adminToken).get(0).get("id").asText();
            secrets = List.of(operatorToken, adminToken, d.ftps().password(), ZIP_PASSWORD,
                    d.simulator().clientSecret());

            var outcomes = new ArrayList<Outcome>();
            for (HostileInput input : corpus) {
                Outcome outcome = check(input);
                outcomes.add(outcome);
                System.out.printf("%-48s %3d %s%s%n", input.id(), outcome.status(),
                        outcome.problems().isEmpty() ? "ok" : "WRONG: ", String.join("; ", outcome.problems()));
            }
            List<String> logLeaks = leaks("a service log", logs(), secretsOf(corpus));

            long clear = outcomes.stream().filter(Outcome::clear).count();
            long crashes = outcomes.stream().filter(Outcome::crash).count();
            long partial = outcomes.stream().filter(Outcome::partialWrite).count();
            long leaks = outcomes.stream().filter(Outcome::leak).count() + logLeaks.size();
            System.out.printf("Hostile inputs: tried %d, clear errors %d, crashes %d, partial writes %d, leaks %d "
                    + "(%d s)%n", outcomes.size(), clear, crashes, partial, leaks,
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
            assertThat(outcomes).as("the corpus").hasSizeGreaterThanOrEqualTo(60);
            long rightlyCreated = corpus.stream().mapToLong(input -> input.expected().created()).sum();
            assertThat(d.importDatabase().number("select count(*) from directory_user")).as("users in all")
                    .isEqualTo(rightlyCreated);
            assertThat(d.userChanges()).as("events on the topic in all").hasSize((int) rightlyCreated)
                    .allMatch(change -> change.type().equals("user.created"));
            assertThat(logLeaks).as("secrets in the logs at the end").isEmpty();
            assertThat(outcomes.stream().filter(o -> !o.problems().isEmpty())
                    .map(o -> o.input().id() + ": " + o.problems()).toList()).as("inputs with a wrong outcome")
                    .isEmpty();
            assertThat(crashes).as("crashes").isZero();
            assertThat(partial).as("partial writes").isZero();
            assertThat(leaks).as("leaks").isZero();
            assertThat(clear).as("clear errors").isEqualTo(outcomes.size());
        }
    }

    private Outcome check(HostileInput input) throws Exception {
        var problems = new ArrayList<String>();
        HostileInput.Expected expected = input.expected();
        ServiceProcess service = switch (input.service()) {
            case "export" -> exportService;
            case "scim" -> scimService;
            case "sync" -> syncService;
            default -> importService;
        };
        Counts before = counts();

        HttpResponse<String> response;
        try {
            response = service.send(input.method(), input.path().replace("{moranId}", moranId),
                    input.sentContentType(), input.body(), token(input.token()));
        } catch (IOException e) {
            problems.add("no answer: " + e);
            boolean crash = !allReady();
            return new Outcome(input, -1, false, crash, false, false, problems);
        }
        String said = response.body();
        String reports = response.body();
        boolean crash = response.statusCode() >= 500;
        boolean clear = response.statusCode() == expected.status();
        if (!clear) {
            problems.add("status " + response.statusCode() + " (expected " + expected.status() + "): "
                    + abbreviated(response.body()));
        }
        if (response.statusCode() == 202 && input.path().startsWith("/api/imports")) {
            var imports = new ImportApi(importService, operatorToken);
            String runId = JSON.readTree(response.body()).get("id").asText();
            JsonNode report;
            try {
                report = imports.awaitFinished(runId, TIMEOUT);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                problems.add("the run did not finish within " + TIMEOUT);
                return new Outcome(input, response.statusCode(), false, true, false, false, problems);
            }
            String errorsCsv = importService.get("/api/imports/" + runId + "/errors", operatorToken)
                    .body();
            said = described(report);
            reports = report.toString() + errorsCsv;
            if (!RunStatus.of(report).equals(expected.run())) {
                clear = false;
                problems.add("run " + RunStatus.of(report) + " (expected " + expected.run() + "): " + said);
            }
            long failed = report.path("counts").path("failed").asLong(0);
            if (!RunStatus.FAILED.equals(expected.run()) && failed != expected.failed()) {
                clear = false;
                problems.add(failed + " rows failed (expected " + expected.failed() + "): " + said);
            }
            for (String text : expected.neutralised()) {
                if (!errorsCsv.contains(text)) {
                    clear = false;
                    problems.add("the errors CSV lacks " + text + ": " + errorsCsv);
                }
            }
            var formula = FORMULA_CELL.matcher(errorsCsv);
            if (formula.find()) {
                clear = false;
                problems.add("the errors CSV has a formula cell at " + formula.start() + ": " + errorsCsv);
            }
        }
        for (String word : expected.says()) {
            if (!said.contains(word)) {
                clear = false;
                problems.add("the error does not say '" + word + "': " + abbreviated(said));
            }
        }

        if (!allReady()) {
            crash = true;
            problems.add("a service is not ready after it");
        }
        boolean partialWrite = false;
        if (!crash) {
            await().atMost(TIMEOUT).until(() -> deployment.importDatabase()
                    .number("select count(*) from outbox_event where sent_at is null") == 0);
            Counts after = counts();
            Counts allowed = new Counts(before.users() + expected.created(), before.outbox() + expected.created(),
                    before.organisations() + expected.orgs(), before.storedFiles(), before.exports(),
                    before.topic() + expected.created(), before.scimJobs(), before.syncRuns());
            if (!after.equals(allowed)) {
                partialWrite = true;
                problems.add("changed " + after + " (expected " + allowed + ")");
            }
        }
        if (expected.noFile() != null) {
            Path escaped = deployment.work().resolve("import-a").resolve("spool").resolve(expected.noFile())
                    .normalize();
            if (Files.exists(escaped)) {
                partialWrite = true;
                problems.add("a file was written at " + escaped);
            }
        }
        List<String> leaked = leaks("the answer or report", reports + events(), withInputSecrets(input));
        leaked.addAll(leaks("a service log", logs(), withInputSecrets(input)));
        problems.addAll(leaked);
        return new Outcome(input, response.statusCode(), clear && !crash, crash, partialWrite, !leaked.isEmpty(),
                problems);
    }

    /** The run as an operator reads it: status, failure, and each rejected row as "line N: reason". */
    private static String described(JsonNode report) {
        var text = new StringBuilder(RunStatus.of(report));
        if (report.hasNonNull("failure")) {
            text.append(": ").append(report.get("failure").asText());
        }
        for (JsonNode error : report.path("errors")) {
            text.append("\nline ").append(error.get("line").asLong()).append(": ").append(error.get("reason").asText());
        }
        return text.toString();
    }

    private Counts counts() {
        Database imports = deployment.importDatabase();
        return new Counts(imports.number("select count(*) from directory_user"),
                imports.number("select count(*) from outbox_event"),
                imports.number("select count(*) from organisation"),
                imports.number("select count(*) from run_artefact"),
                deployment.exportDatabase().number("select count(*) from run"),
                TopicRecords.count(deployment.kafka().bootstrapServers(), deployment.topic()),
                // jobs an input could start; the events of rightly imported users start jobs of their own, later
                deployment.scimDatabase().number("select count(*) from scim_job where source <> 'events'"),
                deployment.syncDatabase().number("select count(*) from run"));
    }

    private boolean allReady() {
        return ready(importService) && ready(exportService) && ready(scimService) && ready(syncService);
    }

    private String logs() {
        return importService.log() + exportService.log() + scimService.log() + syncService.log();
    }

    private String events() {
        return String.join("\n", deployment.importDatabase().strings("select payload from outbox_event"));
    }

    private List<String> withInputSecrets(HostileInput input) {
        var all = new ArrayList<>(secrets);
        all.addAll(input.secrets());
        return all;
    }

    private List<String> secretsOf(List<HostileInput> corpus) {
        var all = new ArrayList<>(secrets);
        corpus.forEach(input -> all.addAll(input.secrets()));
        return all;
    }

    private static List<String> leaks(String where, String text, List<String> secrets) {
        var leaked = new ArrayList<String>();
        for (String secret : secrets) {
            if (text.contains(secret)) {
                leaked.add("a secret (" + secret.substring(0, 4) + "...) is in " + where);
            }
        }
        return leaked;
    }

    private static boolean ready(ServiceProcess service) {
        try {
            return service.isAlive() && service.get("/q/health/ready", null).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String token(String who) {
        return switch (who) {
            case "admin" -> adminToken;
            case "none" -> null;
            default -> operatorToken;
        };
    }

    private void createOrganisation(String path, String zipPasswordSecret) throws Exception {
        var response = importService.postJson("/api/orgs", """
                {"path": "%s", "settings": {"zipPasswordSecret": "%s"}}""".formatted(path, zipPasswordSecret),
                adminToken);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static String abbreviated(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
