package dev.provhub.m365sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;

import dev.provhub.m365sim.http.Fault;
import dev.provhub.m365sim.http.JournalEntry;

/** What tests get besides the endpoints: the journal, faults, mutations between runs, reset, the test resource. */
class TestApiTest extends SchoolSimulatorTest {

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    @Test
    void theJournalKeepsRequestsWithoutSecrets() {
        String token = http.accessToken(school.sync);
        http.get("/groups?$top=5", token, "client-request-id", "run-42");

        JournalEntry tokenRequest = simulator.journal().forPath("/oauth2/v2.0/token").get(0);
        JournalEntry groups = simulator.journal().forPath("/v1.0/groups").get(0);
        assertThat(tokenRequest.status()).isEqualTo(200);
        assertThat(groups.query()).isEqualTo("$top=5");
        assertThat(groups.header("client-request-id")).isEqualTo("run-42");
        assertThat(groups.header("Authorization")).isEqualTo("Bearer [redacted]");
        assertThat(groups.resourceUnits()).isEqualTo(1);
        assertThat(simulator.journal().entries().toString()).doesNotContain(token, school.sync.secret());
    }

    @Test
    void injectedStatusesAnswerTheNextMatchingRequestsOnly() {
        String token = http.accessToken(school.sync);
        simulator.faults().inject("/groups$", Fault.status(503, 2), 2);

        HttpResponse<String> first = http.get("/groups", token);
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(SimulatorHttp.errorCode(first)).isEqualTo("ServiceUnavailable");
        assertThat(http.get("/users?$top=1", token).statusCode()).as("another path").isEqualTo(200);
        assertThat(http.get("/groups", token).statusCode()).isEqualTo(503);
        assertThat(http.get("/groups", token).statusCode()).isEqualTo(200);
    }

    @Test
    void theSdkRetriesInjected503sAndTheJournalShowsThem() {
        GraphServiceClient graph = GraphSdkClients.withSecret(simulator, school.sync);
        simulator.faults().inject("/v1.0/groups/" + school.pupils + "$", Fault.status(503, 1), 1);

        assertThat(graph.groups().byGroupId(school.pupils).get().getDisplayName()).isEqualTo("School Pupils");
        assertThat(simulator.journal().forPath("/v1.0/groups/" + school.pupils)).extracting(JournalEntry::status)
                .containsExactly(503, 200);
    }

    @Test
    void latencyMalformedBodiesAndDroppedConnections() {
        String token = http.accessToken(school.sync);
        simulator.faults().inject("/users$", Fault.latency(Duration.ofMillis(300)), 1);
        long started = System.nanoTime();
        assertThat(http.get("/users", token).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        simulator.faults().inject("/users$", Fault.malformedBody(), 1);
        assertThatThrownBy(() -> SimulatorHttp.json(http.get("/users", token))).isInstanceOf(RuntimeException.class);

        // the JDK client retries an idempotent request once on a dropped connection: drop both
        simulator.faults().inject("/users$", Fault.connectionReset(), 2);
        assertThatThrownBy(() -> http.get("/users", token)).isInstanceOf(java.io.UncheckedIOException.class);
    }

    @Test
    void changesBetweenRunsAreVisibleAndResetUndoesThem() {
        String token = http.accessToken(school.sync);
        var rename = JsonNodeFactory.instance.objectNode().put("displayName", "School Staff Room");
        simulator.directory().update(school.staff, rename);
        simulator.directory().removeMember(school.staff, school.bob);
        simulator.directory().update(school.alice, JsonNodeFactory.instance.objectNode().put("accountEnabled", false));

        assertThat(SimulatorHttp.json(http.get("/groups/" + school.staff, token)).path("displayName").asText())
                .isEqualTo("School Staff Room");
        assertThat(SimulatorHttp.json(http.get("/groups/" + school.staff + "/members", token)).path("value"))
                .hasSize(5);
        simulator.reset();
        assertThat(SimulatorHttp.json(http.get("/groups/" + school.staff, http.accessToken(school.sync)))
                .path("displayName").asText()).isEqualTo("School Staff");
        assertThat(simulator.journal().entries()).hasSize(2);
    }

    @Test
    void theTestResourcePublishesWhereAndHowToConnect() throws Exception {
        Map<String, String> properties = new M365SimulatorTestResource().start();
        M365Simulator demo = M365SimulatorTestResource.simulator();

        assertThat(properties).containsEntry("provhub.m365.graph-url", demo.graphUrl())
                .containsEntry("provhub.m365.tenant-id", demo.tenantId())
                .containsEntry("provhub.m365.trust-store-password", M365Simulator.STORE_PASSWORD)
                .containsKeys("provhub.m365.client-id", "provhub.m365.client-secret", "provhub.m365.token-url",
                        "provhub.m365.client-certificate", "provhub.m365.job-id", "provhub.m365.service-principal-id");
        var form = new java.util.LinkedHashMap<String, String>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", properties.get("provhub.m365.client-id"));
        form.put("client_secret", properties.get("provhub.m365.client-secret"));
        form.put("scope", "https://graph.microsoft.com/.default");
        assertThat(new SimulatorHttp(demo).token(form).statusCode()).isEqualTo(200);
        assertThat(demo.directory().all(dev.provhub.m365sim.tenant.DirectoryObjectType.USER)).hasSizeGreaterThan(250);
        assertThat(demo.tenant().jobs(properties.get("provhub.m365.service-principal-id"))).hasSize(1);
    }
}
