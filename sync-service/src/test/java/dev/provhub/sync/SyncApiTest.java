package dev.provhub.sync;

import static dev.provhub.sync.DemoTenantIds.upn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.provhub.httpapi.Roles;
import dev.provhub.localinfra.JwtTestResource;
import io.restassured.http.ContentType;

/** The REST API: queue syncs with the command's options as JSON, read runs, groups and users, manual memberships. */
@SyncServiceTest
class SyncApiTest extends FreshTenantTest {

    @Test
    void aQueuedSyncRunsOnTheWorkerAndReportsItsSummary() {
        String id = given().header("Authorization", JwtTestResource.bearer(Roles.OPERATOR)).contentType(ContentType.JSON)
                .body("""
                        {"groups": ["O365 Staff"], "autoCreate": "all", "processChildGroups": true, "fullSummary": true,
                         "attributesTransformation": [{"attr_name": "first_name", "action": "^(.).*", "method": "match"}]}
                        """).post("/api/syncs").then().statusCode(202).body("status", equalTo("QUEUED"))
                .extract().path("id");

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> given().header("Authorization",
                JwtTestResource.bearer(Roles.VIEWER)).get("/api/syncs/" + id).then().extract().path("status")
                .equals("COMPLETED"));

        given().header("Authorization", JwtTestResource.bearer(Roles.VIEWER)).get("/api/syncs/" + id).then()
                .statusCode(200).body("summary.totals.usersCreated", equalTo(40))
                .body("summary.groups.'O365 Staff'.added", equalTo(40)).body("items.size()", equalTo(40))
                .body("options.processChildGroups", equalTo(true));
        given().header("Authorization", JwtTestResource.bearer(Roles.VIEWER)).get("/api/groups").then()
                .statusCode(200).body("name", hasItem("O365 Staff"));
        given().header("Authorization", JwtTestResource.bearer(Roles.VIEWER)).queryParam("userName",
                upn("staff.member01")).get("/api/users").then().statusCode(200).body("[0].firstName", equalTo("S"))
                .body("[0].groups", hasItem("Default Group"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("provhub_sync_graph_requests_total{outcome=\"success\"}")
                .contains("provhub_sync_changes_total{kind=\"user.created\"}")
                .containsPattern("provhub_run_duration_seconds_count\\{[^}]*kind=\"sync\"");
    }

    @Test
    void manualMembershipsAreManagedOverRestAndManagedOnesAreNot() {
        fixture.provision("-a", "O365 Staff");
        given().header("Authorization", JwtTestResource.bearer(Roles.ADMIN)).contentType(ContentType.JSON)
                .body("{\"name\": \"Helpers\"}").post("/api/groups").then().statusCode(201);
        given().header("Authorization", JwtTestResource.bearer(Roles.ADMIN))
                .put("/api/groups/Helpers/members/" + upn("staff.member30")).then().statusCode(204);
        given().header("Authorization", JwtTestResource.bearer(Roles.VIEWER)).get("/api/groups/Helpers/members")
                .then().statusCode(200).body("[0].manual", equalTo(true)).body("[0].managed", equalTo(false));

        given().header("Authorization", JwtTestResource.bearer(Roles.ADMIN))
                .delete("/api/groups/O365 Staff/members/" + upn("staff.member30")).then().statusCode(409)
                .contentType("application/problem+json");
        given().header("Authorization", JwtTestResource.bearer(Roles.ADMIN))
                .delete("/api/groups/Helpers/members/" + upn("staff.member30")).then().statusCode(204);
        assertThat(fixture.members("Helpers")).isEmpty();
    }

    @Test
    void invalidOptionsAndRolesAreRefused() {
        given().header("Authorization", JwtTestResource.bearer(Roles.OPERATOR)).contentType(ContentType.JSON)
                .body("{\"targetGroup\": \"X\", \"username\": \"a@b\", \"groups\": [\"G\"]}").post("/api/syncs")
                .then().statusCode(400).body("option", equalTo("--target-group"));
        given().header("Authorization", JwtTestResource.bearer(Roles.VIEWER)).contentType(ContentType.JSON)
                .body("{\"groups\": [\"G\"]}").post("/api/syncs").then().statusCode(403);
        given().get("/api/syncs").then().statusCode(401);
        given().header("Authorization", JwtTestResource.bearer(Roles.OPERATOR)).post("/api/syncs/profiles/nope/runs")
                .then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(200);
        given().header("Authorization", JwtTestResource.bearer(Roles.VIEWER)).get("/q/openapi?format=json").then()
                .statusCode(200).body("paths.keySet()", hasItem("/api/syncs"))
                .body("paths.keySet()", hasItem("/api/groups/{name}/members"));
    }
}
