package dev.provhub.importer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.provhub.localinfra.JwtTestResource;
import dev.provhub.localinfra.LocalJwtIssuer;
import io.restassured.http.ContentType;

@ImportServiceTest
class OrganisationApiTest {

    static String admin() {
        return JwtTestResource.bearer(LocalJwtIssuer.ADMIN);
    }

    static String unique(String name) {
        return "/Api" + UUID.randomUUID().toString().substring(0, 8) + "/" + name;
    }

    @Test
    void createsAnOrganisationFromTheSeedsOwnAttributeNames() {
        String path = unique("Moran");
        Map<String, Object> seed = Map.of(
                "System.Customer.UserImportFilePath", "/data/moran/in",
                "System.Customer.UserImportBackupFilePath", "/data/moran/backup",
                "System.Customer.UserImportEmailNotificationContacts", "ops@example.org, hr@example.org",
                "System.Customer.UserImportBatchSize", "250",
                "System.Customer.UserImportUsePasswordOnCreate", "False",
                "System.Customer.UserImportCsvDelimiter", "|",
                "System.Customer.PreserveOrgLoginIdOnDelete", "True",
                "System.Customer.UserImportProfileTranslations", "Vessel Name=Vessel; Rank=Role");

        String id = given().header("Authorization", admin()).contentType(ContentType.JSON)
                .body(Map.of("path", path, "profileFields", List.of("Vessel", "Role"), "settings", seed))
                .when().post("/api/orgs")
                .then().statusCode(201)
                .body("path", equalTo(path))
                .body("settings.importFolder", equalTo("/data/moran/in"))
                .body("settings.notificationContacts", hasSize(2))
                .body("settings.batchSize", equalTo(250))
                .body("settings.usePasswordOnCreate", equalTo(false))
                .body("settings.csvDelimiter", equalTo("|"))
                .body("settings.preserveOrgLoginIdOnDelete", equalTo(true))
                .body("settings.profileTranslations.Rank", equalTo("Role"))
                .body("settings.useRandomPasswordIfNotProvided", equalTo(false))
                .body("settings.backupRetentionDays", equalTo(7))
                .body("settings.importMode", equalTo("partial"))
                .body("settings.limboOrg", equalTo("limbo"))
                .extract().path("id");

        given().header("Authorization", admin()).queryParam("path", path.toLowerCase())
                .when().get("/api/orgs")
                .then().statusCode(200).body("[0].id", equalTo(id));
        given().header("Authorization", JwtTestResource.bearer(LocalJwtIssuer.VIEWER))
                .when().get("/api/orgs/" + id)
                .then().statusCode(200).body("profileFields", hasSize(2));
    }

    @Test
    void refusesAMisspeltPropertyOfTheRequestInsteadOfDroppingItsSettings() {
        String path = unique("Typo");
        given().header("Authorization", admin()).contentType(ContentType.JSON)
                .body(Map.of("path", path, "setings", Map.of("batchSize", 5)))
                .when().post("/api/orgs")
                .then().statusCode(400).body("parameter", equalTo("setings"))
                .body("detail", containsString("unknown property 'setings'"));
        given().header("Authorization", admin()).queryParam("path", path).when().get("/api/orgs")
                .then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void anEmptyBodyIsABadRequest() {
        given().header("Authorization", admin()).contentType(ContentType.JSON).body("")
                .when().post("/api/orgs")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void refusesAnUnknownAttributeByName() {
        given().header("Authorization", admin()).contentType(ContentType.JSON)
                .body(Map.of("path", unique("X"), "settings", Map.of("importFoldr", "/in")))
                .when().post("/api/orgs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("attribute", equalTo("importFoldr"));
    }

    @Test
    void refusesALimboWithADelayedDeactivation() {
        given().header("Authorization", admin()).contentType(ContentType.JSON)
                .body(Map.of("path", unique("School"), "settings", Map.of("importMode", "full", "sourceUid", "sis",
                        "deletionGracePeriod", Map.of("deactivation", 5, "deletion", 90))))
                .when().post("/api/orgs")
                .then().statusCode(400)
                .body("attribute", equalTo("deletionGracePeriod.deactivation"));
    }

    @Test
    void refusesAFullImportIntoTheLimboOrganisation() {
        given().header("Authorization", admin()).contentType(ContentType.JSON)
                .body(Map.of("path", unique("limbo"), "settings", Map.of("importMode", "full", "sourceUid", "sis")))
                .when().post("/api/orgs")
                .then().statusCode(400)
                .body("attribute", equalTo("limboOrg"))
                .body("detail", containsString("limbo"));
    }

    @Test
    void refusesABackupFolderInsideTheImportFolder() {
        given().header("Authorization", admin()).contentType(ContentType.JSON)
                .body(Map.of("path", unique("X"), "settings", Map.of("importFolder", "/data/in",
                        "backupFolder", "/data/in/backup")))
                .when().post("/api/orgs")
                .then().statusCode(400).body("attribute", equalTo("backupFolder"));
    }

    @Test
    void refusesSettingsThatWouldFailEveryRowOrEveryLookupLater() {
        // each was accepted before and failed later: every new user's row, or a query PostgreSQL cannot run
        assertRefused(Map.of("userNameScheme", "<firstname>.<ssn>"), "userNameScheme", "<ssn>");
        assertRefused(Map.of("passwordPolicy", Map.of("minLength", -3)), "passwordPolicy.minLength", "-3");
        assertRefused(Map.of("importFolder", "/data/\0in", "backupFolder", "/data/backup"), "importFolder",
                "not a valid path");
        given().header("Authorization", admin()).contentType(ContentType.JSON)
                .body(Map.of("path", unique("Nul\0Org"))).when().post("/api/orgs")
                .then().statusCode(400).body("attribute", equalTo("path"))
                .body("detail", containsString("control characters"));
    }

    private static void assertRefused(Map<String, Object> settings, String attribute, String detail) {
        given().header("Authorization", admin()).contentType(ContentType.JSON)
                .body(Map.of("path", unique("Refused"), "settings", settings)).when().post("/api/orgs")
                .then().statusCode(400).body("attribute", equalTo(attribute))
                .body("detail", containsString(detail));
    }

    @Test
    void updatesSettingsButNotThePath() {
        String path = unique("Moran");
        String id = given().header("Authorization", admin()).contentType(ContentType.JSON)
                .body(Map.of("path", path)).when().post("/api/orgs").then().statusCode(201).extract().path("id");

        given().header("Authorization", admin()).contentType(ContentType.JSON)
                .body(Map.of("path", path, "profileFields", List.of("DateOfBirth"),
                        "settings", Map.of("integration", "CarnivalUserImporter")))
                .when().put("/api/orgs/" + id)
                .then().statusCode(200).body("settings.integration", equalTo("CarnivalUserImporter"));
        given().header("Authorization", admin()).contentType(ContentType.JSON)
                .body(Map.of("path", path + "2")).when().put("/api/orgs/" + id)
                .then().statusCode(400).body("attribute", equalTo("path"));
        given().header("Authorization", admin()).contentType(ContentType.JSON)
                .body(Map.of("path", path)).when().post("/api/orgs")
                .then().statusCode(409);
    }

    @Test
    void everyEndpointNeedsATokenWithTheRightRole() {
        given().when().get("/api/orgs").then().statusCode(401);
        given().when().get("/api/users").then().statusCode(401);
        given().when().get("/api/imports").then().statusCode(401);
        given().header("Authorization", JwtTestResource.bearer(LocalJwtIssuer.VIEWER)).contentType(ContentType.JSON)
                .body(Map.of("path", unique("X"))).when().post("/api/orgs").then().statusCode(403);
        given().header("Authorization", JwtTestResource.bearer(LocalJwtIssuer.VIEWER)).contentType("text/csv")
                .body("LoginID\nx\n").when().post("/api/imports?org=/Root").then().statusCode(403);
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }
}
