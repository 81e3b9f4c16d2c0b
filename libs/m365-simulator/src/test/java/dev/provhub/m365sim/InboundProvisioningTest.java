package dev.provhub.m365sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.http.GraphJson;
import dev.provhub.m365sim.provisioning.ScimBulkRequest;
import dev.provhub.m365sim.tenant.DirectoryObject;

/** API-driven inbound provisioning: the job, its schema, bulkUpload's validation and limits, processing and logs. */
class InboundProvisioningTest extends SchoolSimulatorTest {

    static final String SCIM = "application/scim+json";
    String token;

    @BeforeEach
    void reset() {
        simulator.reset();
        token = http.accessToken(school.scim);
    }

    String jobPath(String version) {
        return simulator.baseUrl() + "/" + version + "/servicePrincipals/" + school.provisioningApp
                + "/synchronization/jobs/" + school.provisioningJob;
    }

    HttpResponse<String> bulkUpload(String body) {
        return http.send("POST", jobPath("beta") + "/bulkUpload", token, SCIM, body);
    }

    List<JsonNode> logs(String filter) {
        var entries = new ArrayList<JsonNode>();
        String url = simulator.graphUrl() + "/auditLogs/provisioning?$filter=" + filter.replace(" ", "%20");
        while (url != null) {
            HttpResponse<String> page = http.send("GET", url, token, null, null);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            SimulatorHttp.json(page).path("value").forEach(entries::add);
            url = SimulatorHttp.json(page).path("@odata.nextLink").asText(null);
        }
        return entries;
    }

    /** Declares custom attributes the way CSV2SCIM's -UpdateSchema does: GET the schema, append, PUT it back. */
    void declareCustomAttributes(String urn, String... names) {
        HttpResponse<String> current = http.send("GET", jobPath("beta") + "/schema", token, null, null);
        assertThat(current.statusCode()).isEqualTo(200);
        ObjectNode schema = (ObjectNode) SimulatorHttp.json(current);
        ArrayNode attributes = (ArrayNode) schema.path("directories").path(0).path("objects").path(0)
                .path("attributes");
        for (String name : names) {
            ObjectNode attribute = attributes.addObject();
            attribute.put("name", urn + ":" + name);
            attribute.put("type", "String");
            attribute.put("multivalued", false);
            attribute.put("mutability", "ReadWrite");
        }
        HttpResponse<String> put = http.send("PUT", jobPath("beta") + "/schema", token, "application/json",
                schema.toString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(204);
    }

    static String user(String externalId, String userName, boolean active) {
        ObjectNode data = GraphJson.object();
        data.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        data.put("externalId", externalId);
        data.put("userName", userName);
        data.put("displayName", "User " + externalId);
        data.put("active", active);
        return data.toString();
    }

    static String bulk(String... users) {
        ObjectNode request = GraphJson.object();
        request.putArray("schemas").add(ScimBulkRequest.BULK_REQUEST);
        ArrayNode operations = request.putArray("Operations");
        int i = 0;
        for (String user : users) {
            ObjectNode operation = operations.addObject();
            operation.put("method", "POST");
            operation.put("bulkId", "b" + (i++));
            operation.put("path", "/Users");
            operation.set("data", GraphJson.parse(user));
        }
        request.putNull("failOnErrors");
        return request.toString();
    }

    @Test
    void microsoftsSamplePayloadsAreAcceptedAndProvisionedSignedInWithAzureIdentity() throws Exception {
        var credential = new ClientSecretCredentialBuilder().authorityHost(simulator.baseUrl())
                .tenantId(simulator.tenantId()).clientId(school.scim.appId()).clientSecret(school.scim.secret())
                .disableInstanceDiscovery().httpClient(GraphSdkClients.azureHttpClient(simulator)).build();
        token = credential.getTokenSync(new TokenRequestContext().addScopes("https://graph.microsoft.com/.default"))
                .getToken();
        var samples = ReferenceFiles.entraInboundProvisioning().resolve("Samples");
        declareCustomAttributes("urn:ietf:params:scim:schemas:extension:sap:2.0:User", "payGrade", "hireDate",
                "onLeave");
        JsonNode csvSample = GraphJson.parse(Files.readString(samples.resolve("Sample-CSV-2-SCIM-payload.json")));
        var csvColumns = new ArrayList<String>();
        csvSample.path("Operations").path(0).path("data").path("urn:ietf:params:scim:schemas:extension:csv:1.0:User")
                .fieldNames().forEachRemaining(csvColumns::add);
        declareCustomAttributes("urn:ietf:params:scim:schemas:extension:csv:1.0:User", csvColumns.toArray(String[]::new));

        for (String sample : List.of("Extended-SCIM-bulk-request-Core+Enterprise.json",
                "Sample-CSV-2-SCIM-payload.json")) {
            HttpResponse<String> response = bulkUpload(Files.readString(samples.resolve(sample)));
            assertThat(response.statusCode()).as(sample + ": " + response.body()).isEqualTo(202);
            assertThat(response.headers().firstValue("Location")).hasValue(simulator.graphBetaUrl()
                    + "/auditLogs/provisioning/?$filter=jobid%20eq%20'" + school.provisioningJob + "'");
        }
        assertThat(simulator.provisioning().awaitIdle(Duration.ofSeconds(10))).isTrue();

        List<JsonNode> entries = logs("jobid eq '" + school.provisioningJob + "'");
        assertThat(entries).hasSize(6);
        assertThat(entries).extracting(e -> e.path("sourceIdentity").path("id").asText() + "/"
                + e.path("provisioningAction").asText() + "/" + e.path("provisioningStatusInfo").path("status").asText())
                .containsExactlyInAnyOrder("701984/create/success", "701984/update/success",
                        "807609/create/failure", "807600/create/failure", "807609/create/failure",
                        "807600/create/failure");
        // the samples' "username": "DoeJane" is no user principal name, so Entra cannot create those users
        assertThat(entries).filteredOn(e -> e.path("sourceIdentity").path("id").asText().startsWith("8076"))
                .extracting(e -> e.path("provisioningStatusInfo").path("errorInformation").path("errorCode").asText())
                .containsOnly("InvalidUserPrincipalName");
        DirectoryObject barbara = simulator.directory().user("bjensen@example.com");
        assertThat(barbara.text("employeeId")).isEqualTo("701984");
        assertThat(barbara.text("department")).isEqualTo("Tour Operations");
        assertThat(barbara.text("city")).isEqualTo("Hollywood");
    }

    @Test
    void fiftyOneOperationsAreRefusedWithTheDocumented400() {
        var users = new ArrayList<String>();
        for (int i = 0; i < 51; i++) {
            users.add(user("X" + i, "x" + i + "@example.com", true));
        }
        HttpResponse<String> response = bulkUpload(bulk(users.toArray(String[]::new)));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(SimulatorHttp.json(response).path("error").path("message").asText()).contains("51", "50");
        assertThat(bulkUpload(bulk(users.subList(0, 50).toArray(String[]::new))).statusCode()).isEqualTo(202);
    }

    @Test
    void theFortyFirstCallWithinFiveSecondsIsThrottled() {
        String body = bulk(user("T1", "t1@example.com", true));
        for (int i = 0; i < 40; i++) {
            assertThat(bulkUpload(body).statusCode()).as("call " + (i + 1)).isEqualTo(202);
        }
        HttpResponse<String> fortyFirst = bulkUpload(body);

        assertThat(fortyFirst.statusCode()).isEqualTo(429);
        assertThat(fortyFirst.headers().firstValue("Retry-After")).isPresent();
        simulator.clock().advance(Duration.ofSeconds(6));
        assertThat(bulkUpload(body).statusCode()).isEqualTo(202);
    }

    @Test
    void theDailyQuotaRefusesCallsUntilADayHasPassed() {
        simulator.settings().bulkUploadDailyQuota(3);
        String body = bulk(user("Q1", "q1@example.com", true));
        for (int i = 0; i < 3; i++) {
            assertThat(bulkUpload(body).statusCode()).isEqualTo(202);
        }
        assertThat(bulkUpload(body).statusCode()).isEqualTo(429);

        simulator.clock().advance(Duration.ofHours(24).plusSeconds(1));
        token = http.accessToken(school.scim);
        assertThat(bulkUpload(body).statusCode()).isEqualTo(202);
    }

    @Test
    void aPausedJobAnswersBucketFullUntilStarted() {
        assertThat(http.send("POST", jobPath("v1.0") + "/pause", token, null, null).statusCode()).isEqualTo(204);
        assertThat(SimulatorHttp.json(http.send("GET", jobPath("v1.0"), token, null, null)).path("status")
                .path("code").asText()).isEqualTo("Paused");

        HttpResponse<String> refused = bulkUpload(bulk(user("P1", "p1@example.com", true)));
        assertThat(refused.statusCode()).isEqualTo(500);
        assertThat(refused.body()).contains("bucket", "is full");

        assertThat(http.send("POST", jobPath("v1.0") + "/start", token, null, null).statusCode()).isEqualTo(204);
        assertThat(bulkUpload(bulk(user("P1", "p1@example.com", true))).statusCode()).isEqualTo(202);
    }

    @Test
    void requestsThatBreakTheScimSchemaAreRefusedWhole() {
        String unknownAttribute = user("S1", "s1@example.com", true).replace("\"active\"", "\"favouriteColour\"");
        String undeclaredUrn = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\",\"urn:acme:hr\"],"
                + "\"externalId\":\"S2\",\"urn:acme:hr\":{\"grade\":\"7\"}}";
        String deleteOperation = bulk(user("S3", "s3@example.com", true)).replace("\"POST\"", "\"DELETE\"");

        assertThat(bulkUpload(bulk(unknownAttribute)).statusCode()).isEqualTo(400);
        assertThat(bulkUpload(bulk(undeclaredUrn)).statusCode()).isEqualTo(400);
        assertThat(bulkUpload(deleteOperation).statusCode()).isEqualTo(400);
        assertThat(bulkUpload("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"]}").statusCode())
                .isEqualTo(400);
        assertThat(http.send("POST", jobPath("beta") + "/bulkUpload", token, "application/json",
                bulk(user("S4", "s4@example.com", true))).statusCode()).isEqualTo(400);
        declareCustomAttributes("urn:acme:hr", "grade");
        assertThat(bulkUpload(bulk(undeclaredUrn)).statusCode()).isEqualTo(202);
    }

    @Test
    void recordsAreMatchedOnEmployeeIdAndCreatedUpdatedDisabledOrFailedWithAReason() throws Exception {
        String alice = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"externalId\":\"E-1001\","
                + "\"active\":false,\"title\":\"Head of Maths\",\"addresses\":[{\"type\":\"home\",\"locality\":\"Home "
                + "Town\"},{\"type\":\"work\",\"locality\":\"Work Town\"}]}";
        String newcomer = user("E-2000", "newcomer@example.com", true);
        String noAnchor = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"x@y.z\"}";
        String taken = user("E-2001", "bob.berg@" + school.builder.domain(), true);
        assertThat(bulkUpload(bulk(alice, newcomer, noAnchor, taken)).statusCode()).isEqualTo(202);
        assertThat(simulator.provisioning().awaitIdle(Duration.ofSeconds(10))).isTrue();

        DirectoryObject updated = simulator.directory().find(school.alice);
        assertThat(updated.property("accountEnabled").asBoolean()).isFalse();
        assertThat(updated.text("jobTitle")).isEqualTo("Head of Maths");
        assertThat(updated.text("city")).isEqualTo("Work Town");
        assertThat(simulator.directory().user("newcomer@example.com").text("employeeId")).isEqualTo("E-2000");

        List<JsonNode> entries = logs("jobId eq '" + school.provisioningJob + "'");
        assertThat(entries).extracting(e -> e.path("provisioningAction").asText() + "/"
                + e.path("provisioningStatusInfo").path("status").asText())
                .containsExactlyInAnyOrder("disable/success", "create/success", "create/failure", "create/failure");
        assertThat(entries).extracting(e -> e.path("cycleId").asText()).containsOnly(entries.get(0).path("cycleId")
                .asText());
        assertThat(logs("provisioningStatusInfo/status eq 'failure'"))
                .extracting(e -> e.path("provisioningStatusInfo").path("errorInformation").path("reason").asText())
                .anySatisfy(reason -> assertThat(reason).contains("externalId"))
                .anySatisfy(reason -> assertThat(reason).contains("bob.berg"));
    }

    @Test
    void logsFilterWithCaseAndPageWithSkipTokens() throws Exception {
        var users = new ArrayList<String>();
        for (int i = 0; i < 12; i++) {
            users.add(user("L" + i, "l" + i + "@example.com", true));
        }
        bulkUpload(bulk(users.toArray(String[]::new)));
        assertThat(simulator.provisioning().awaitIdle(Duration.ofSeconds(10))).isTrue();

        HttpResponse<String> firstPage = http.get("/auditLogs/provisioning?$top=5", token);
        assertThat(SimulatorHttp.json(firstPage).path("value")).hasSize(5);
        assertThat(SimulatorHttp.json(firstPage).path("@odata.nextLink").asText()).contains("$skiptoken=");
        assertThat(logs("provisioningAction eq 'create' and sourceIdentity/id eq 'L3'")).hasSize(1);
        assertThat(logs("sourceIdentity/id eq 'l3'")).as("values compare with case").isEmpty();
        assertThat(logs("sourceIdentity/id eq 'L3' or sourceIdentity/id eq 'L4'")).hasSize(2);
        assertThat(logs("activityDateTime gt 2000-01-01T00:00:00Z")).hasSize(12);
        assertThat(logs("activityDateTime lt 2000-01-01T00:00:00Z")).isEmpty();
        assertThat(http.get("/auditLogs/provisioning?$filter=favourite eq 'x'", token).statusCode()).isEqualTo(400);
    }

    @Test
    void theJobAndItsSchemaAreListedAndABrokenSchemaIsRefused() {
        HttpResponse<String> jobs = http.send("GET", simulator.graphUrl() + "/servicePrincipals/"
                + school.provisioningApp + "/synchronization/jobs", token, null, null);
        assertThat(SimulatorHttp.json(jobs).path("value")).hasSize(1);
        assertThat(SimulatorHttp.json(jobs).path("value").path(0).path("templateId").asText()).isEqualTo("API2AAD");

        HttpResponse<String> principals = http.get("/servicePrincipals?$filter=id eq '" + school.provisioningApp
                + "' or appId eq '" + school.provisioningApp + "'", token);
        assertThat(SimulatorHttp.json(principals).path("value")).hasSize(1);

        ObjectNode schema = (ObjectNode) SimulatorHttp.json(http.send("GET", jobPath("v1.0") + "/schema", token,
                null, null));
        ((ObjectNode) schema.path("directories").path(0).path("objects").path(0).path("attributes").path(0))
                .put("type", "Colour");
        assertThat(http.send("PUT", jobPath("v1.0") + "/schema", token, "application/json", schema.toString())
                .statusCode()).isEqualTo(400);
        assertThat(http.send("GET", jobPath("v1.0").replace(school.provisioningJob, "API2AAD.nope"), token, null, null)
                .statusCode()).isEqualTo(404);
        assertThat(http.send("POST", jobPath("v1.0") + "/bulkUpload", http.accessToken(school.sync), SCIM,
                bulk(user("Z", "z@example.com", true))).statusCode()).isEqualTo(403);
    }
}
