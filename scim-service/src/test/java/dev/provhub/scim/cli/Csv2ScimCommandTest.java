package dev.provhub.scim.cli;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.provhub.httpapi.Roles;
import dev.provhub.localinfra.JwtTestResource;
import dev.provhub.localinfra.TemporaryFolders;
import dev.provhub.m365sim.M365Simulator;
import dev.provhub.m365sim.M365SimulatorTestResource;
import dev.provhub.m365sim.http.Fault;
import dev.provhub.m365sim.http.JournalEntry;
import dev.provhub.m365sim.provisioning.SynchronizationJob;
import dev.provhub.m365sim.tenant.DirectoryObjectType;
import dev.provhub.scim.ReferenceFiles;
import dev.provhub.scim.ScimServiceTest;
import dev.provhub.scim.config.ScimConfig;
import dev.provhub.scim.run.ScimJobsApi;
import dev.provhub.scim.run.Workers;

/** csv2scim with the script's parameters: print, validate, update the schema, read the logs, send, restart. */
@ScimServiceTest
class Csv2ScimCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CSV_NAMESPACE = "urn:ietf:params:scim:schemas:extension:csv:1.0:User";

    @Inject
    Csv2ScimCommand command;

    @Inject
    ScimConfig config;

    @Inject
    EntityManager em;

    @ConfigProperty(name = "provhub.m365.client-certificate")
    String certificate;

    @ConfigProperty(name = "provhub.m365.client-certificate-password")
    String certificatePassword;

    M365Simulator simulator;
    Path samples;

    @BeforeEach
    void reset() {
        simulator = M365SimulatorTestResource.simulator();
        ScimJobsApi.reset(em, simulator);
        samples = ReferenceFiles.samples();
    }

    private record Outcome(int code, String out, String err) {
    }

    private Outcome run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = command.run(Csv2ScimFlags.parse(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String csv2() {
        return samples.resolve("csv-with-2-records.csv").toString();
    }

    private String mapping() {
        return samples.resolve("AttributeMapping.psd1").toString();
    }

    private SynchronizationJob provisioningJob() {
        return simulator.tenant().jobs(config.target().servicePrincipalId().orElseThrow()).get(0);
    }

    /** The sample's two workers, already in the tenant: sending them updates them, and nothing fails in the logs. */
    private void sampleWorkersExist() {
        Workers.existingUser(simulator, "1222", "talya.fleeta@contoso.com");
        Workers.existingUser(simulator, "1513", "ginnie.fadiman@contoso.com");
    }

    private List<Integer> uploadStatuses() {
        return ScimJobsApi.uploads(simulator).stream().map(JournalEntry::status).toList();
    }

    @Test
    void validatesLikeTheScriptAndListsEveryMissingColumn() {
        Outcome valid = run("-Path", csv2(), "-AttributeMapping", mapping(), "-ValidateAttributeMapping");
        assertThat(valid.code()).isZero();
        assertThat(valid.out().strip()).isEqualTo("True");
        Outcome invalid = run("-path", samples.resolve("Sample1/contractorData.csv").toString(),
                "-attributemapping", samples.resolve("Sample1/AttributeMapping.Contractor.psd1").toString(),
                "-ValidateAttributeMapping");
        assertThat(invalid.code()).isEqualTo(1);
        assertThat(invalid.out()).contains("the column 'externalId' is not in the source").endsWith("False\n");
        assertThat(invalid.out().lines().filter(line -> line.startsWith("error"))).hasSize(17);
    }

    @Test
    void withoutAServicePrincipalItPrintsTheBulkRequests() throws Exception {
        // the tests configure a service principal; the script's default mode is the one without
        Outcome printed = run("-Path", csv2(), "-AttributeMapping", mapping(), "-ScimSchemaNamespace",
                CSV_NAMESPACE, "-ServicePrincipalId", "");
        assertThat(printed.code()).as(printed.err()).isZero();
        JsonNode request = JSON.readTree(printed.out());
        assertThat(request.get("Operations")).hasSize(2);
        assertThat(request.at("/Operations/0/data/" + CSV_NAMESPACE.replace("/", "~1") + "/Custom01").asText())
                .isEqualTo("T1001");
        assertThat(uploadStatuses()).isEmpty();
    }

    @Test
    void updateSchemaDeclaresEveryColumnOnceSoThatTheNamespaceIsAccepted() throws IOException {
        List<String> columns = List.of(Files.readAllLines(Path.of(csv2())).get(0).split(","));
        sampleWorkersExist();
        // before: the job's schema does not declare the columns, and the upload is refused
        run("-Path", csv2(), "-AttributeMapping", mapping(), "-ScimSchemaNamespace", CSV_NAMESPACE);
        assertThat(uploadStatuses()).containsExactly(400);

        Outcome added = run("-Path", csv2(), "-UpdateSchema", "-ScimSchemaNamespace", CSV_NAMESPACE);
        assertThat(added.code()).as(added.err()).isZero();
        List<String> expected = columns.stream().map(c -> CSV_NAMESPACE + ":" + c).toList();
        assertThat(added.out().lines().filter(l -> l.startsWith("added ")).map(l -> l.substring(6)))
                .containsExactlyElementsOf(expected);
        List<String> declared = StreamSupport.stream(provisioningJob().schema().at("/directories/0/objects/0/"
                + "attributes").spliterator(), false).map(a -> a.path("name").asText()).toList();
        assertThat(declared).containsAll(expected);

        Outcome again = run("-Path", csv2(), "-UpdateSchema", "-ScimSchemaNamespace", CSV_NAMESPACE);
        assertThat(again.out()).doesNotContain("added ");
        assertThat(again.out().lines().filter(l -> l.startsWith("WARNING: the attribute "))).hasSize(columns
                .size());

        Outcome sent = run("-Path", csv2(), "-AttributeMapping", mapping(), "-ScimSchemaNamespace", CSV_NAMESPACE);
        assertThat(sent.code()).as(sent.out() + sent.err()).isZero();
        assertThat(uploadStatuses()).containsExactly(400, 202);
    }

    @Test
    void sendsSigningInWithACertificateToTheAppNamedByItsAppId() {
        String principal = config.target().servicePrincipalId().orElseThrow();
        String appId = simulator.directory().find(principal, DirectoryObjectType.SERVICE_PRINCIPAL).text("appId");
        assertThat(appId).isNotBlank().isNotEqualToIgnoringCase(principal);
        sampleWorkersExist();
        // the app has no secret any more: only the certificate can sign it in
        simulator.tenant().application(config.target().clientId().orElseThrow()).secrets().clear();
        Outcome sent = run("-Path", csv2(), "-AttributeMapping", mapping(), "-ServicePrincipalId", appId,
                "-ClientCertificate", certificate);
        assertThat(sent.code()).as(sent.out() + sent.err()).isZero();
        assertThat(sent.out()).contains("records read 2").contains("requests 1 of 1");
        assertThat(uploadStatuses()).containsExactly(202);
    }

    @Test
    void sendsSigningInWithAPemCertificate() throws Exception {
        // the app's certificate and key as one PEM file, as openssl writes them from the PKCS#12 file
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(Path.of(certificate))) {
            store.load(in, certificatePassword.toCharArray());
        }
        String alias = store.aliases().nextElement();
        var base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        String pem = "-----BEGIN PRIVATE KEY-----\n" + base64.encodeToString(store.getKey(alias, certificatePassword
                .toCharArray()).getEncoded()) + "\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\n"
                + base64.encodeToString(store.getCertificate(alias).getEncoded()) + "\n-----END CERTIFICATE-----\n";
        Path file = Files.writeString(TemporaryFolders.file("provhub-app", ".pem"), pem);
        sampleWorkersExist();
        simulator.tenant().application(config.target().clientId().orElseThrow()).secrets().clear();
        Outcome sent = run("-Path", csv2(), "-AttributeMapping", mapping(), "-ClientCertificate", file.toString());
        assertThat(sent.code()).as(sent.out() + sent.err()).isZero();
        assertThat(uploadStatuses()).containsExactly(202);
    }

    @Test
    void restartServiceRestartsTheJobOnceTheUploadIsDone() {
        sampleWorkersExist();
        Outcome sent = run("-Path", csv2(), "-AttributeMapping", mapping(), "-RestartService");
        assertThat(sent.code()).as(sent.out() + sent.err()).isZero();
        List<String> calls = simulator.journal().entries(e -> e.path().matches(".*/(pause|start|bulkUpload)$"))
                .stream().map(e -> e.path().substring(e.path().lastIndexOf('/') + 1) + " " + e.status()).toList();
        assertThat(calls).containsExactly("bulkUpload 202", "pause 204", "start 204");
        assertThat(provisioningJob().state()).isEqualTo(SynchronizationJob.State.ACTIVE);
        // one token serves every call (none when a cached client still holds one from an earlier case)
        assertThat(simulator.journal().forPath("/oauth2/v2.0/token")).as("token requests").hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void aRestartThatIsRefusedLeavesTheUploadAndIsReported() {
        sampleWorkersExist();
        simulator.faults().inject("/pause$", Fault.status(403), 1);
        Outcome sent = run("-Path", csv2(), "-AttributeMapping", mapping(), "-RestartService");
        assertThat(sent.code()).as(sent.out() + sent.err()).isZero();
        assertThat(uploadStatuses()).containsExactly(202);
        assertThat(sent.out()).contains("restart-failed").contains("could not be restarted after the upload");
        assertThat(sent.out()).doesNotContain("FAILED");
    }

    @Test
    void readsThePreviousCyclesByActionAndStatusOnTheConsoleAndOverRest() {
        Outcome none = run("-GetPreviousCycleLogs", "-NumberOfCycles", "2");
        assertThat(none.code()).as(none.err()).isZero();
        assertThat(none.out()).contains("no provisioning cycles");

        sampleWorkersExist();
        run("-Path", csv2(), "-AttributeMapping", mapping());
        await().atMost(Duration.ofSeconds(30)).until(() -> simulator.provisioning().log().entries().size() == 2);
        run("-Path", csv2(), "-AttributeMapping", mapping(), "-Full");
        await().atMost(Duration.ofSeconds(30)).until(() -> simulator.provisioning().log().entries().size() == 4);
        // what the simulator logged, counted by cycle, action and status
        Map<String, Map<String, Long>> logged = simulator.provisioning().log().entries().stream().collect(
                Collectors.groupingBy(e -> e.path("cycleId").asText(), LinkedHashMap::new, Collectors.groupingBy(
                        e -> capitalised(e.path("provisioningAction").asText()) + "/" + capitalised(e.at(
                                "/provisioningStatusInfo/status").asText()),
                        Collectors.counting())));
        assertThat(logged).hasSize(2);

        Outcome logs = run("-GetPreviousCycleLogs", "-NumberOfCycles", "2");
        assertThat(logs.code()).as(logs.err()).isZero();
        logged.keySet().forEach(cycle -> assertThat(logs.out()).contains("Cycle " + cycle));
        assertThat(logs.out()).contains("1222").contains("1513");

        JsonNode cycles = readJson(given().header("Authorization", JwtTestResource.bearer(Roles.VIEWER))
                .queryParam("cycles", 2).get("/api/scim/logs").then().statusCode(200).extract().asString());
        assertThat(cycles).hasSize(2);
        for (JsonNode cycle : cycles) {
            Map<String, Long> counted = new LinkedHashMap<>();
            cycle.get("statistics").fields().forEachRemaining(action -> action.getValue().fields()
                    .forEachRemaining(status -> {
                        if (status.getValue().asLong() > 0) {
                            counted.put(action.getKey() + "/" + status.getKey(), status.getValue().asLong());
                        }
                    }));
            assertThat(counted).isEqualTo(logged.get(cycle.get("cycleId").asText()));
            assertThat(cycle.get("records")).hasSize(2);
        }
    }

    @Test
    void refusesUnknownParameters() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Csv2ScimFlags.parse("-Bogus")))
                .hasMessageContaining("unknown parameter -Bogus");
    }

    private static String capitalised(String value) {
        return value.isEmpty() ? value : Character.toUpperCase(value.charAt(0)) + value.substring(1);
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
