package dev.provhub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.provhub.m365sim.tenant.DirectoryObject;

/**
 * User-change events as scim-service's source, end to end: the packaged import-service and scim-service as processes
 * on one Kafka and one PostgreSQL, and the Microsoft 365 simulator as Entra. Imported users appear in the simulated
 * directory through API-driven inbound provisioning; a deactivated and a deleted user are disabled there (the API
 * has no delete). scim-service signs in with a client secret, or with its pod's managed identity (the host's identity
 * endpoint, App Service style, which the simulator serves).
 */
class ImportToScimIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void importedUsersReachTheDirectoryAndDeactivatedOrDeletedOnesAreDisabledThere() throws Exception {
        try (var deployment = Deployment.create("importtoscim")) {
            var replicas = deployment.start(deployment.importReplica("import-service"),
                    deployment.scimReplica("scim-service"));
            var imports = new ImportApi(replicas.get(0), deployment.operatorToken());
            ServiceProcess scim = replicas.get(1);
            Simulator m365 = deployment.simulator();
            List<Person> people = Person.numbered(3);
            Person staying = people.get(0);
            Person deactivated = people.get(1);
            Person deleted = people.get(2);

            imported(imports, UserFile.of(people));
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .until(() -> people.stream().allMatch(p -> m365.user(p.upn()) != null));
            for (Person p : people) {
                DirectoryObject user = m365.user(p.upn());
                assertThat(user.text("employeeId")).as(p.upn()).isEqualTo(p.employeeNumber());
                assertThat(user.text("givenName")).as(p.upn()).isEqualTo(p.firstName());
                assertThat(user.text("surname")).as(p.upn()).isEqualTo(p.lastName());
                assertThat(user.property("accountEnabled").asBoolean()).as(p.upn()).isTrue();
            }

            imported(imports, new UserFile().deactivate(deactivated).delete(deleted));
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(
                    () -> !enabled(m365, deactivated) && !enabled(m365, deleted));
            assertThat(enabled(m365, staying)).as("the user the second file did not name").isTrue();
            assertThat(m365.users().stream().filter(user -> people.stream().anyMatch(p -> p.upn().equals(
                    user.text("userPrincipalName"))))).as("one account per person").hasSize(3);

            JsonNode jobs = scim.getJson("/api/scim/jobs?limit=100", deployment.operatorToken());
            long sent = 0;
            for (JsonNode job : jobs) {
                assertThat(job.get("source").asText()).isEqualTo("events");
                sent += job.at("/progress/recordsSent").asLong();
            }
            assertThat(sent).as("records sent: three creations, then a deactivation and a deletion").isEqualTo(5);
            assertThat(m365.bulkUploads()).as("bulkUpload calls").isNotEmpty()
                    .allSatisfy(call -> assertThat(call.status()).isEqualTo(202));
            System.out.printf("import -> scim-service -> directory: %d bulkUpload calls, %d token requests, %d Graph "
                    + "calls in all%n", m365.bulkUploads().size(),
                    m365.raw().journal().forPath("/oauth2/v2.0/token")
                            .size(),
                    m365.raw().journal().entries().size());
            assertThat(replicas.get(0).log()).doesNotContain(staying.password());
            assertThat(scim.log()).doesNotContain(m365.clientSecret());
        }
    }

    @Test
    void aScimServiceSigningInWithItsPodsManagedIdentitySendsTheSameWithoutASecret() throws Exception {
        try (var deployment = Deployment.create("scimidentity")) {
            Simulator m365 = deployment.simulator();
            m365.assignPodIdentity();
            var replicas = deployment.start(deployment.importReplica("import-service"),
                    deployment.scimReplica("scim-service").with("provhub.scim.target.managed-identity", "true")
                            .with("provhub.scim.target.client-secret", "")
                            .withEnv("IDENTITY_ENDPOINT", m365.identityEndpoint())
                            .withEnv("IDENTITY_HEADER", m365.identityHeader()));
            var imports = new ImportApi(replicas.get(0), deployment.operatorToken());
            List<Person> people = Person.numbered(2);

            imported(imports, UserFile.of(people));
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .until(() -> people.stream().allMatch(p -> m365.user(p.upn()) != null));

            assertThat(m365.raw().journal().forPath("/msi/token")).as("tokens from the pod's host").isNotEmpty()
                    .allSatisfy(call -> assertThat(call.status()).isEqualTo(200));
            assertThat(m365.raw().journal().forPath("/oauth2/v2.0/token")).as("sign-ins with the app's secret")
                    .isEmpty();
            assertThat(m365.bulkUploads()).isNotEmpty().allSatisfy(call -> assertThat(call.status()).isEqualTo(202));
            assertThat(replicas.get(1).log()).doesNotContain(m365.identityHeader());
        }
    }

    private static void imported(ImportApi imports, UserFile file) throws Exception {
        JsonNode report = imports.awaitFinished(imports.start("people.csv", file), TIMEOUT);
        assertThat(RunStatus.of(report)).as(report.toString()).isEqualTo(RunStatus.COMPLETED);
    }

    private static boolean enabled(Simulator m365, Person p) {
        return m365.user(p.upn()).property("accountEnabled").asBoolean();
    }
}
