package dev.provhub.m365sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.microsoft.graph.serviceclient.GraphServiceClient;

import dev.provhub.m365sim.http.JournalEntry;
import dev.provhub.m365sim.throttling.ResourceUnitBudget;

/** Resource units per app per window, the 429 with its headers, and the SDK's retry handler honouring it. */
class ThrottlingTest extends SchoolSimulatorTest {

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    @Test
    void limitsFollowTheTenantSize() {
        assertThat(ResourceUnitBudget.limitForUsers(49)).isEqualTo(3_500);
        assertThat(ResourceUnitBudget.limitForUsers(50)).isEqualTo(5_000);
        assertThat(ResourceUnitBudget.limitForUsers(500)).isEqualTo(5_000);
        assertThat(ResourceUnitBudget.limitForUsers(501)).isEqualTo(8_000);
    }

    @Test
    void overTheLimitAnswers429WithRetryAfterAndTheThrottleHeaders() {
        simulator.settings().resourceUnitLimit(10);
        String token = http.accessToken(school.sync);
        for (int i = 0; i < 5; i++) {
            assertThat(http.get("/users", token).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> throttled = http.get("/users", token);

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(SimulatorHttp.errorCode(throttled)).isEqualTo("TooManyRequests");
        assertThat(Integer.parseInt(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 10);
        assertThat(throttled.headers().firstValue("x-ms-throttle-scope")).hasValue(
                "Tenant_Application/Read/" + school.sync.appId() + "/" + simulator.tenantId());
        assertThat(throttled.headers().firstValue("x-ms-throttle-information")).hasValue("ResourceUnitLimitExceeded");
        assertThat(http.get("/users", http.accessToken(school.scim)).statusCode()).as("another app's budget")
                .isNotEqualTo(429);
        simulator.clock().advance(Duration.ofSeconds(11));
        assertThat(http.get("/users", token).statusCode()).isEqualTo(200);
    }

    @Test
    void nearTheLimitResponsesSayHowMuchIsUsed() {
        simulator.settings().resourceUnitLimit(10);
        String token = http.accessToken(school.sync);
        for (int i = 0; i < 4; i++) {
            assertThat(http.get("/users", token).headers().firstValue("x-ms-throttle-limit-percentage")).isEmpty();
        }
        assertThat(http.get("/users", token).headers().firstValue("x-ms-throttle-limit-percentage"))
                .hasValueSatisfying(value -> assertThat(Double.parseDouble(value)).isGreaterThan(0.8));
    }

    @Test
    void theSdkRetryHandlerWaitsForRetryAfterAndSucceeds() throws Exception {
        simulator.settings().resourceUnitLimit(4).throttlingWindow(Duration.ofSeconds(2));
        GraphServiceClient graph = GraphSdkClients.withSecret(simulator, school.sync);
        graph.users().get();
        graph.users().get();

        var users = graph.users().get();

        assertThat(users.getValue()).hasSize(100);
        List<JournalEntry> calls = simulator.journal().forPath("/v1.0/users");
        assertThat(calls).extracting(JournalEntry::status).containsExactly(200, 200, 429, 200);
        JournalEntry throttled = calls.get(2);
        JournalEntry retried = calls.get(3);
        assertThat(retried.header("Retry-Attempt")).isEqualTo("1");
        assertThat(Duration.between(throttled.at(), retried.at())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }
}
