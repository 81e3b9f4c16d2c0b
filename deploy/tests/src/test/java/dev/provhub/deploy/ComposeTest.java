package dev.provhub.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import dev.provhub.deploy.Services.Service;

/**
 * docker-compose.yml: valid for Compose itself ({@code docker-compose config}, which needs no engine), and every
 * long-running container has a health check, every dependency waits for a condition, every image is pinned, and the
 * stack carries the local stack's sample organisations and databases.
 */
class ComposeTest {

    private static final JsonNode COMPOSE = Repo.documents(Repo.ROOT.resolve("docker-compose.yml")).get(0);

    @Test
    void composeAcceptsTheFile() {
        boolean installed = Repo.has("docker-compose", "version");
        if (!installed) {
            System.err.println("deploy-tests: docker-compose is not installed: docker-compose.yml is NOT validated by "
                    + "Compose (apt-get install docker-compose; .ci/run installs it)");
        }
        assumeTrue(installed, "docker-compose is not installed");
        String config = Repo.run("docker-compose", "-f", "docker-compose.yml", "config");
        assertThat(config).contains("import-service", "export-service", "sync-service", "scim-service", "m365-simulator");
    }

    @Test
    void longRunningContainersHaveHealthChecksAndDependenciesWaitForConditions() {
        var problems = new ArrayList<String>();
        var services = new LinkedHashMap<String, JsonNode>();
        COMPOSE.path("services").properties().forEach(e -> services.put(e.getKey(), e.getValue()));
        services.entrySet().forEach(entry -> {
            String name = entry.getKey();
            JsonNode service = entry.getValue();
            boolean oneShot = service.path("restart").asText().equals("no");
            if (!oneShot && !service.has("healthcheck")) {
                problems.add(name + " has no healthcheck");
            }
            service.path("depends_on").properties().forEach(dependency -> {
                String condition = dependency.getValue().path("condition").asText();
                if (!Set.of("service_healthy", "service_completed_successfully", "service_started")
                        .contains(condition)) {
                    problems.add(name + " depends on " + dependency.getKey() + " without a condition");
                }
                JsonNode target = services.getOrDefault(dependency.getKey(), MissingNode.getInstance());
                if (target.isMissingNode()) {
                    problems.add(name + " depends on " + dependency.getKey() + ", which is not a service");
                } else if (condition.equals("service_healthy") && !target.has("healthcheck")) {
                    problems.add(name + " waits for " + dependency.getKey() + " to be healthy; it has no healthcheck");
                } else if (condition.equals("service_completed_successfully")
                        && !target.path("restart").asText().equals("no")) {
                    problems.add(name + " waits for " + dependency.getKey() + " to complete; it is not a one-shot");
                }
            });
            String image = service.path("image").asText();
            String last = image.substring(image.lastIndexOf('/') + 1);
            if (!last.contains(":") || last.endsWith(":latest")) {
                problems.add(name + " image '" + image + "' is not pinned to a tag");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void theServicesRunUnprivilegedWithAReadOnlyFileSystem() {
        var problems = new ArrayList<String>();
        for (Service service : Services.all()) {
            String name = service.name();
            JsonNode block = COMPOSE.path("services").path(name);
            if (!block.path("read_only").asBoolean(false) || !block.path("cap_drop").toString().contains("ALL")
                    || !block.path("security_opt").toString().contains("no-new-privileges:true")
                    || block.path("user").asText().matches("|0|root")) {
                problems.add(name + " is not read-only, unprivileged and non-root in docker-compose.yml");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theSampleOrganisationsAndDatabasesAreTheLocalStacks() {
        String run = Repo.read(Repo.ROOT.resolve("deploy/local/run"));
        String composeOrganisations = Repo.read(Repo.ROOT.resolve("deploy/compose/import/organisations.json"));
        assertThat(paths(composeOrganisations)).isNotEmpty().isEqualTo(paths(run));

        String init = Repo.read(Repo.ROOT.resolve("deploy/compose/postgres/init.sql"));
        for (String database : new String[] { "import", "export", "sync", "scim" }) {
            assertThat(init).contains("CREATE DATABASE " + database + " OWNER " + database + ";");
        }
    }

    private static Set<String> paths(String text) {
        Set<String> paths = new TreeSet<>();
        Matcher matcher = Pattern.compile("\"path\":\\s*\"([^\"]+)\"").matcher(text);
        while (matcher.find()) {
            paths.add(matcher.group(1));
        }
        return paths;
    }
}
