package dev.provhub.m365sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Graph's query rules for directory objects, as strict as the documentation: what needs the advanced query
 * parameters, what is refused with 400, and what is silently ignored.
 */
class GraphQueryRulesTest extends SchoolSimulatorTest {

    static final String[] EVENTUAL = { "ConsistencyLevel", "eventual" };
    static String token;

    @BeforeEach
    void reset() {
        simulator.reset();
        token = http.accessToken(school.sync);
    }

    static HttpResponse<String> get(String path, String... headers) {
        return http.get(path, token, headers);
    }

    static void assertRefused(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(SimulatorHttp.errorCode(response)).isEqualTo(code);
        JsonNode inner = SimulatorHttp.json(response).path("error").path("innerError");
        assertThat(inner.path("request-id").asText()).isEqualTo(response.headers().firstValue("request-id")
                .orElseThrow());
        assertThat(inner.path("date").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
    }

    @Test
    void topMustBeBetweenOneAnd999() {
        assertRefused(get("/groups?$top=1000"), 400, "Request_BadRequest");
        assertRefused(get("/groups?$top=0"), 400, "Request_BadRequest");
        assertThat(get("/groups?$top=999").statusCode()).isEqualTo(200);
    }

    @Test
    void filtersOnlyOnPropertiesAndOperatorsTheResourceSupports() {
        assertRefused(get("/groups?$filter=createdDateTime ge 2021-11-01T00:00:00Z&$count=true", EVENTUAL), 400,
                "Request_UnsupportedQuery");
        assertRefused(get("/users?$filter=endswith(mail,'@example.com')"), 400, "Request_UnsupportedQuery");
        assertRefused(get("/users?$filter=accountEnabled ne true"), 400, "Request_UnsupportedQuery");
        assertRefused(get("/users?$filter=displayName eq 'x"), 400, "BadRequest");
        HttpResponse<String> advanced = get("/users?$filter=accountEnabled ne true&$count=true", EVENTUAL);
        assertThat(advanced.statusCode()).isEqualTo(200);
        assertThat(SimulatorHttp.json(advanced).path("@odata.count").asInt()).isZero();
        assertThat(SimulatorHttp.json(get("/groups?$filter=id in ('" + school.staff + "','" + school.pupils + "')"))
                .path("value")).hasSize(2);
        assertThat(SimulatorHttp.json(get("/users?$filter=" + SchoolTenant.EMPLOYEE_NUMBER + " eq '1003'"))
                .path("value").path(0).path("id").asText()).isEqualTo(school.carol);
    }

    @Test
    void filtersCollectionsWithAnyAndSyncsFromNowWithTheLatestDeltaToken() {
        var unified = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        unified.putArray("groupTypes").add("Unified");
        simulator.directory().update(school.staff, unified);
        JsonNode filtered = SimulatorHttp.json(get("/groups?$filter=groupTypes/any(c:c eq 'Unified')"));
        assertThat(filtered.path("value")).extracting(g -> g.path("id").asText()).containsExactly(school.staff);

        JsonNode latest = SimulatorHttp.json(get("/groups/delta?$deltatoken=latest"));
        assertThat(latest.path("value")).isEmpty();
        String deltaLink = latest.path("@odata.deltaLink").asText();
        simulator.directory().addMember(school.teachers, school.bob);
        JsonNode changes = SimulatorHttp.json(http.send("GET", deltaLink, token, null, null));
        assertThat(changes.path("value")).extracting(g -> g.path("id").asText()).containsExactly(school.teachers);
    }

    @Test
    void countNeedsEventualConsistencyAndIsOtherwiseIgnoredOrRefused() {
        assertRefused(get("/users/$count"), 400, "Request_BadRequest");
        HttpResponse<String> count = get("/users/$count", EVENTUAL);
        assertThat(count.body()).isEqualTo("254");
        assertThat(count.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(SimulatorHttp.json(get("/users?$count=true")).has("@odata.count")).isFalse();
        assertThat(SimulatorHttp.json(get("/users?$count=true", EVENTUAL)).path("@odata.count").asInt())
                .isEqualTo(254);
    }

    @Test
    void searchAndFilterWithOrderByAreAdvancedQueries() {
        assertRefused(get("/groups?$search=\"displayName:pupils\""), 400, "Request_UnsupportedQuery");
        assertThat(SimulatorHttp.json(get("/groups?$search=\"displayName:pupils\"", EVENTUAL)).path("value"))
                .hasSize(1);
        assertRefused(get("/groups?$filter=startswith(displayName,'School')&$orderby=displayName"), 400,
                "Request_UnsupportedQuery");
        JsonNode ordered = SimulatorHttp.json(get(
                "/groups?$filter=startswith(displayName,'School')&$orderby=displayName desc&$count=true", EVENTUAL));
        assertThat(ordered.path("value").path(0).path("displayName").asText()).isEqualTo("School Teachers");
    }

    @Test
    void castsAndFiltersOnMembersNeedTheAdvancedQueryParameters() {
        String members = "/groups/" + school.staff + "/transitiveMembers";
        assertRefused(get(members + "/microsoft.graph.user"), 400, "Request_UnsupportedQuery");
        assertRefused(get(members + "/microsoft.graph.user?$count=true"), 400, "Request_UnsupportedQuery");
        assertRefused(get("/groups/" + school.staff + "/members?$filter=startswith(displayName,'a')"), 400,
                "Request_UnsupportedQuery");

        JsonNode groups = SimulatorHttp.json(get(members + "/microsoft.graph.group?$count=true", EVENTUAL));
        assertThat(groups.path("value")).extracting(g -> g.path("id").asText()).containsExactly(school.teachers);
        assertThat(groups.path("@odata.context").asText()).endsWith("$metadata#groups");
        JsonNode all = SimulatorHttp.json(get(members));
        assertThat(all.path("value")).extracting(m -> m.path("@odata.type").asText()).containsExactlyInAnyOrder(
                "#microsoft.graph.user", "#microsoft.graph.user", "#microsoft.graph.group", "#microsoft.graph.device",
                "#microsoft.graph.orgContact", "#microsoft.graph.servicePrincipal", "#microsoft.graph.user",
                "#microsoft.graph.user");
    }

    @Test
    void unknownObjectsPathsAndPropertiesAreRefused() {
        assertRefused(get("/groups/" + java.util.UUID.randomUUID()), 404, "Request_ResourceNotFound");
        assertRefused(get("/groups/not-a-guid"), 400, "Request_BadRequest");
        assertRefused(get("/users/nobody@example.com"), 404, "Request_ResourceNotFound");
        assertRefused(get("/teams"), 400, "BadRequest");
        assertRefused(get("/users?$select=id,favouriteColour"), 400, "BadRequest");
        assertRefused(get("/users?$skip=10"), 400, "Request_BadRequest");
    }

    @Test
    void pagesCarryAnOpaqueSkipTokenBoundToTheQuery() {
        JsonNode first = SimulatorHttp.json(get("/users?$top=100&$select=id"));
        String nextLink = first.path("@odata.nextLink").asText();
        assertThat(nextLink).startsWith(simulator.graphUrl() + "/users?").contains("$skiptoken=");
        String token = nextLink.substring(nextLink.indexOf("$skiptoken=") + 11);

        assertThat(SimulatorHttp.json(http.send("GET", nextLink, GraphQueryRulesTest.token, null, null))
                .path("value")).hasSize(100);
        assertRefused(get("/users?$top=50&$skiptoken=" + token), 400, "Directory_ExpiredPageToken");
        assertRefused(get("/users?$top=100&$select=id&$skiptoken=" + token.substring(2)), 400,
                "Directory_ExpiredPageToken");
    }

    @Test
    void everyResponseCarriesRequestIdsAndItsResourceUnits() {
        HttpResponse<String> users = get("/users", "client-request-id", "my-correlation");
        HttpResponse<String> selected = get("/users?$select=id&$top=10");
        HttpResponse<String> members = get("/groups/" + school.staff + "/members");
        HttpResponse<String> transitive = get("/groups/" + school.staff + "/transitiveMembers");

        assertThat(users.headers().firstValue("client-request-id")).hasValue("my-correlation");
        assertThat(users.headers().firstValue("request-id")).isPresent();
        assertThat(users.headers().firstValue("x-ms-resource-unit")).hasValue("2");
        assertThat(selected.headers().firstValue("x-ms-resource-unit")).hasValue("1");
        assertThat(members.headers().firstValue("x-ms-resource-unit")).hasValue("3");
        assertThat(transitive.headers().firstValue("x-ms-resource-unit")).hasValue("5");
        assertThat(SimulatorHttp.json(users).path("@odata.context").asText())
                .isEqualTo(simulator.graphUrl() + "/$metadata#users");
    }
}
