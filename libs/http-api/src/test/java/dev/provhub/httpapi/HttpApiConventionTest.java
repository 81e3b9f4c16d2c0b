package dev.provhub.httpapi;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import dev.provhub.localinfra.JwtTestResource;
import dev.provhub.localinfra.LocalJwtIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(JwtTestResource.class)
class HttpApiConventionTest {

    @Test
    void everyPathButHealthNeedsAToken() {
        given().get("/api/test/admin-only").then().statusCode(401);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(401);
    }

    @Test
    void aRoleThatIsNotAllowedIsForbidden() {
        given().header("Authorization", JwtTestResource.bearer(LocalJwtIssuer.VIEWER)).get("/api/test/admin-only")
                .then().statusCode(403);
        given().header("Authorization", JwtTestResource.bearer(LocalJwtIssuer.ADMIN)).get("/api/test/admin-only")
                .then().statusCode(200);
    }

    @Test
    void anInvalidRequestNamesTheParameter() {
        given().header("Authorization", JwtTestResource.bearer(LocalJwtIssuer.VIEWER)).get("/api/test/invalid")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Invalid request"))
                .body("status", equalTo(400))
                .body("parameter", equalTo("org"))
                .body("detail", containsString("'org'"));
    }

    @Test
    void aBodyFailingBeanValidationSaysWhichProperty() {
        given().header("Authorization", JwtTestResource.bearer(LocalJwtIssuer.VIEWER)).contentType(ContentType.JSON)
                .body("{\"name\": \"\"}").post("/api/test/validated")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("name"));
    }

    @Test
    void unreadableJsonIsABadRequestNotAServerError() {
        given().header("Authorization", JwtTestResource.bearer(LocalJwtIssuer.VIEWER)).contentType(ContentType.JSON)
                .body("{\"name\": ").post("/api/test/validated")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void unreadableJsonSaysWhere() {
        given().header("Authorization", JwtTestResource.bearer(LocalJwtIssuer.VIEWER)).contentType(ContentType.JSON)
                .body("{\n \"name\": }").post("/api/test/validated")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("line 2"));
    }

    @Test
    void anUnknownPropertyIsRefusedByName() {
        given().header("Authorization", JwtTestResource.bearer(LocalJwtIssuer.VIEWER)).contentType(ContentType.JSON)
                .body("{\"name\": \"a\", \"nmae\": \"b\"}").post("/api/test/validated")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("unknown property 'nmae'"))
                .body("parameter", equalTo("nmae"));
    }

    @Test
    void aValueOfTheWrongTypeNamesItsProperty() {
        given().header("Authorization", JwtTestResource.bearer(LocalJwtIssuer.VIEWER)).contentType(ContentType.JSON)
                .body("{\"name\": [\"a\"]}").post("/api/test/validated")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("property 'name'"))
                .body("parameter", equalTo("name"));
    }

    @Test
    void aScalarOfAnotherTypeIsNotCoercedIntoText() {
        given().header("Authorization", JwtTestResource.bearer(LocalJwtIssuer.VIEWER)).contentType(ContentType.JSON)
                .body("{\"name\": true}").post("/api/test/validated")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("parameter", equalTo("name"));
    }

    @Test
    void jsonNestedBeyondTheParsersDepthIsABadRequest() {
        given().header("Authorization", JwtTestResource.bearer(LocalJwtIssuer.VIEWER)).contentType(ContentType.JSON)
                // just past Jackson's 1,000 levels: RestAssured pretty-prints every request body it sends, and a
                // document 5,000 deep printed with its indentation exhausts the test's heap
                .body("{\"name\": " + "[".repeat(1_100) + "]".repeat(1_100) + "}").post("/api/test/any-json")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("depth"));
    }

    @Test
    void anIdThatIsNotAUuidIsNotFoundAndSaysWhy() {
        given().header("Authorization", JwtTestResource.bearer(LocalJwtIssuer.VIEWER)).get("/api/test/runs/not-a-uuid")
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("detail", equalTo("'id' is not an id (a UUID): 'not-a-uuid'"));
        given().header("Authorization", JwtTestResource.bearer(LocalJwtIssuer.VIEWER))
                .get("/api/test/runs/00000000-0000-0000-0000-000000000001").then().statusCode(200);
    }

    @Test
    void anUnexpectedErrorTellsOnlyACorrelationId() {
        given().header("Authorization", JwtTestResource.bearer(LocalJwtIssuer.VIEWER)).get("/api/test/bug")
                .then().statusCode(500).contentType(Problem.MEDIA_TYPE)
                .body("correlationId", matchesPattern("[0-9a-f-]{36}"))
                .body("detail", not(containsString("/var/lib")))
                .body("trace", nullValue());
    }

    @Test
    void anIllegalArgumentFromInsideIsNotBlamedOnTheClient() {
        given().header("Authorization", JwtTestResource.bearer(LocalJwtIssuer.VIEWER)).get("/api/test/bad-argument")
                .then().statusCode(500).contentType(Problem.MEDIA_TYPE)
                .body("detail", not(containsString("internal argument")));
    }
}
