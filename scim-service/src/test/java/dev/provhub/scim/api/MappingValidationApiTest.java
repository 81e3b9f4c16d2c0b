package dev.provhub.scim.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.provhub.httpapi.Roles;
import dev.provhub.localinfra.JwtTestResource;
import dev.provhub.scim.ReferenceFiles;
import dev.provhub.scim.ScimServiceTest;
import dev.provhub.scim.run.Workers;
import io.restassured.path.json.JsonPath;

/** {@code POST /api/scim/mapping/validate}: -ValidateAttributeMapping over REST. */
@ScimServiceTest
class MappingValidationApiTest {

    private static JsonPath validate(Path mapping, Path csv, int status) {
        var request = given().header("Authorization", JwtTestResource.bearer(Roles.VIEWER))
                .multiPart("mapping", mapping.toFile(), "text/plain");
        if (csv != null) {
            request.multiPart("csv", csv.toFile(), "text/csv");
        }
        return request.post("/api/scim/mapping/validate").then().statusCode(status).extract().jsonPath();
    }

    @Test
    void microsoftsSampleMappingIsValidForItsCsv() {
        Path samples = ReferenceFiles.samples();
        JsonPath answer = validate(samples.resolve("AttributeMapping.psd1"), samples.resolve(
                "csv-with-2-records.csv"), 200);
        assertThat(answer.getBoolean("valid")).isTrue();
        assertThat(answer.getList("issues")).isEmpty();
    }

    @Test
    void everyIssueIsListedWithItsPathAndPosition() {
        Path samples = ReferenceFiles.samples().resolve("Sample1");
        JsonPath answer = validate(samples.resolve("AttributeMapping.Contractor.psd1"), samples.resolve(
                "contractorData.csv"), 200);
        assertThat(answer.getBoolean("valid")).isFalse();
        List<Map<String, Object>> issues = answer.getList("issues");
        assertThat(issues).hasSize(17).allSatisfy(issue -> assertThat(issue).containsKeys("path", "line",
                "column", "message"));
        assertThat(issues).anySatisfy(issue -> assertThat(issue.get("message").toString()).contains(
                "the column 'externalId' is not in the source"));
    }

    @Test
    void aScriptBlockThatWouldRunCodeIsAnIssueNamingWhere() {
        JsonPath answer = validate(Workers.mapping("@{\n  externalId = 'WorkerID'\n  title = { Remove-Item C:\\ "
                + "-Recurse }\n}"), null, 200);
        assertThat(answer.getBoolean("valid")).isFalse();
        assertThat(answer.getString("issues[0].kind")).isEqualTo("SYNTAX");
        assertThat(answer.getString("issues[0].message")).contains("commands are not allowed");
        assertThat(answer.getInt("issues[0].line")).isEqualTo(3);
    }

    @Test
    void aFileThatIsNotAMappingIsRefusedWithItsPosition() {
        JsonPath answer = validate(Workers.mapping("@{ title = 'x' }\nRemove-Item -Recurse /"), null, 422);
        assertThat(answer.getString("position")).contains(":2:");
    }

    @Test
    void anonymousCallersAreRefused() {
        given().multiPart("mapping", Workers.mapping("@{ externalId = 'WorkerID' }").toFile(), "text/plain")
                .post("/api/scim/mapping/validate").then().statusCode(401);
    }
}
