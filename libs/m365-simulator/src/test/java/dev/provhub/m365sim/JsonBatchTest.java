package dev.provhub.m365sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.core.content.BatchResponseContent;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.User;
import com.microsoft.graph.serviceclient.GraphServiceClient;

import dev.provhub.m365sim.http.GraphJson;

/** JSON batching: at most 20 steps, unique ids, dependsOn with 424, each step authorised and throttled alone. */
class JsonBatchTest extends SchoolSimulatorTest {

    String token;

    @BeforeEach
    void reset() {
        simulator.reset();
        token = http.accessToken(school.sync);
    }

    static ObjectNode step(ArrayNode requests, String id, String url, String... dependsOn) {
        ObjectNode step = requests.addObject();
        step.put("id", id);
        step.put("method", "GET");
        step.put("url", url);
        for (String dependency : dependsOn) {
            step.withArray("dependsOn").add(dependency);
        }
        return step;
    }

    HttpResponse<String> batch(ObjectNode body) {
        return http.send("POST", simulator.graphUrl() + "/$batch", token, "application/json", body.toString());
    }

    @Test
    void answersEachStepAndFailsStepsWhoseDependencyFailed() {
        ObjectNode body = GraphJson.object();
        ArrayNode requests = body.putArray("requests");
        step(requests, "1", "/groups/" + school.staff + "?$select=displayName");
        step(requests, "2", "/groups/" + java.util.UUID.randomUUID());
        step(requests, "3", "/users?$top=1", "2");
        step(requests, "4", "/groups/" + school.staff + "/transitiveMembers/microsoft.graph.user?$count=true")
                .putObject("headers").put("ConsistencyLevel", "eventual");
        HttpResponse<String> response = batch(body);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode responses = SimulatorHttp.json(response).path("responses");
        assertThat(responses).extracting(r -> r.path("id").asText() + ":" + r.path("status").asInt())
                .containsExactly("1:200", "2:404", "3:424", "4:200");
        assertThat(responses.path(0).path("body").path("displayName").asText()).isEqualTo("School Staff");
        assertThat(responses.path(3).path("body").path("@odata.count").asInt()).isEqualTo(4);
        assertThat(simulator.journal().entries(e -> e.batchStep())).hasSize(3);
    }

    @Test
    void refusesMoreThanTwentyStepsDuplicateIdsAndUnknownDependencies() {
        ObjectNode tooMany = GraphJson.object();
        for (int i = 0; i < 21; i++) {
            step(tooMany.withArray("requests"), String.valueOf(i), "/users?$top=1");
        }
        ObjectNode duplicate = GraphJson.object();
        step(duplicate.withArray("requests"), "1", "/users");
        step(duplicate.withArray("requests"), "1", "/groups");
        ObjectNode unknownDependency = GraphJson.object();
        step(unknownDependency.withArray("requests"), "1", "/users", "7");

        assertThat(batch(tooMany).statusCode()).isEqualTo(400);
        assertThat(batch(duplicate).statusCode()).isEqualTo(400);
        assertThat(batch(unknownDependency).statusCode()).isEqualTo(400);
        assertThat(http.send("POST", simulator.graphUrl() + "/$batch", null, "application/json",
                unknownDependency.toString()).statusCode()).isEqualTo(401);
    }

    @Test
    void throttledStepsAnswer429WithRetryAfterInsideA200Batch() {
        simulator.settings().resourceUnitLimit(5);
        ObjectNode body = GraphJson.object();
        for (int i = 0; i < 4; i++) {
            step(body.withArray("requests"), String.valueOf(i), "/users");
        }
        JsonNode responses = SimulatorHttp.json(batch(body)).path("responses");

        assertThat(responses).extracting(r -> r.path("status").asInt()).containsExactly(200, 200, 429, 429);
        assertThat(responses.path(2).path("headers").path("Retry-After").asText()).isNotEmpty();
    }

    @Test
    void theSdksBatchContentRoundTrips() throws Exception {
        GraphServiceClient graph = GraphSdkClients.withSecret(simulator, school.sync);
        var content = new BatchRequestContent(graph);
        String userStep = content.addBatchRequestStep(graph.users().byUserId(school.alice).toGetRequestInformation());
        String groupStep = content.addBatchRequestStep(graph.groups().byGroupId(school.pupils)
                .toGetRequestInformation());

        BatchResponseContent responses = graph.getBatchRequestBuilder().post(content, null);

        assertThat(responses.getResponseById(userStep, User::createFromDiscriminatorValue).getId())
                .isEqualTo(school.alice);
        assertThat(responses.getResponseById(groupStep, Group::createFromDiscriminatorValue).getDisplayName())
                .isEqualTo("School Pupils");
    }
}
