package dev.provhub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The rules every provhub service's Deployment follows, asserted for every Deployment both overlays render, so that
 * a service added later cannot forget one: health probes, requests and limits, a non-root, read-only, unprivileged
 * container whose writable paths are mounted, a PodDisruptionBudget, a NetworkPolicy, a Service, its own database
 * and KafkaUser, Secrets that are either made by an operator or have a template, pinned images in prod, and no
 * Secret value anywhere.
 */
class DeploymentRulesTest {

    private static final Path SECRET_TEMPLATES = Repo.ROOT.resolve("deploy/k8s/secrets");

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyDeploymentFollowsTheRules(String overlay) {
        Rendered rendered = new Rendered(Overlays.render(overlay));
        var problems = new ArrayList<String>();
        List<ObjectNode> deployments = rendered.all("Deployment");
        assertThat(deployments).as("Deployments in " + overlay).hasSizeGreaterThanOrEqualTo(2);
        for (ObjectNode deployment : deployments) {
            new DeploymentRules(overlay, rendered, deployment, secretTemplates(), problems).check();
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void noRenderedSecretCarriesAValue(String overlay) {
        var problems = new ArrayList<String>();
        for (ObjectNode secret : new Rendered(Overlays.render(overlay)).all("Secret")) {
            if (!secret.path("data").isEmpty() || !secret.path("stringData").isEmpty()) {
                problems.add(overlay + ": Secret " + Rendered.name(secret) + " carries a value");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void secretTemplatesCommitNoValue() {
        var problems = new ArrayList<String>();
        Map<String, ObjectNode> templates = secretTemplates();
        assertThat(templates).as("Secret templates in " + SECRET_TEMPLATES).isNotEmpty();
        templates.forEach((name, secret) -> {
            var problems0 = new ArrayList<String>();
            Fabric8Strict.check(secret, io.fabric8.kubernetes.api.model.Secret.class, "template " + name, problems0);
            problems.addAll(problems0);
            if (!secret.path("data").isEmpty()) {
                problems.add("template " + name + " has data: templates name keys in stringData, with empty values");
            }
            secret.path("stringData").properties().forEach(entry -> {
                if (!entry.getValue().asText().isEmpty()) {
                    problems.add("template " + name + " commits a value for " + entry.getKey());
                }
            });
        });
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void consumersHaveTheirDeadLetterTopicAndOnlyTheAclsTheyNeed(String overlay) {
        Rendered rendered = new Rendered(Overlays.render(overlay));
        var problems = new ArrayList<String>();
        Set<String> topics = new HashSet<>();
        rendered.all("KafkaTopic").forEach(topic -> {
            topics.add(topic.path("spec").path("topicName").asText());
            if (!topic.path("spec").path("topicName").asText().equals(Rendered.name(topic))) {
                problems.add("KafkaTopic " + Rendered.name(topic) + " is named differently from its topic");
            }
        });
        assertThat(topics).contains("user-changes");
        for (ObjectNode user : rendered.all("KafkaUser")) {
            String name = Rendered.name(user);
            var acls = new ArrayList<String>();
            user.path("spec").path("authorization").path("acls").forEach(acl -> acl.path("operations")
                    .forEach(op -> acls.add(acl.path("resource").path("type").asText() + ":"
                            + acl.path("resource").path("name").asText() + ":" + op.asText())));
            if (!user.path("spec").path("authentication").path("type").asText().matches("scram-sha-512|tls")) {
                problems.add("KafkaUser " + name + " authenticates neither with SCRAM nor with TLS");
            }
            if (acls.stream().anyMatch(acl -> acl.endsWith(":All") || acl.contains(":*:"))) {
                problems.add("KafkaUser " + name + " has a wildcard ACL: " + acls);
            }
            if (acls.contains("group:" + name + ":Read")) {
                String dlq = "user-changes-dlq-" + name;
                if (!acls.contains("topic:user-changes:Read")) {
                    problems.add("consumer " + name + " cannot read user-changes");
                }
                if (!topics.contains(dlq)) {
                    problems.add("consumer " + name + " has no KafkaTopic for its dead letters, " + dlq);
                }
                if (!acls.contains("topic:" + dlq + ":Write")) {
                    problems.add("consumer " + name + " cannot write its dead letters to " + dlq);
                }
            }
            if (!user.path("metadata").path("labels").path("strimzi.io/cluster").asText().equals("provhub")) {
                problems.add("KafkaUser " + name + " is not labelled strimzi.io/cluster: provhub");
            }
        }
        for (ObjectNode topic : rendered.all("KafkaTopic")) {
            String topicName = Rendered.name(topic);
            if (topicName.startsWith("user-changes-dlq-") && rendered.find("KafkaUser",
                    topicName.substring("user-changes-dlq-".length())).isEmpty()) {
                problems.add("dead-letter topic " + topicName + " belongs to no KafkaUser");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void prodIsHighlyAvailable() {
        Rendered prod = new Rendered(Overlays.render("prod"));
        var problems = new ArrayList<String>();
        int nodes = prod.all("KafkaNodePool").stream()
                .filter(pool -> pool.path("spec").path("roles").toString().contains("broker"))
                .mapToInt(pool -> pool.path("spec").path("replicas").asInt()).sum();
        if (nodes < 3) {
            problems.add("prod has " + nodes + " Kafka brokers, not 3");
        }
        JsonNode config = prod.find("Kafka", "provhub").orElseThrow().path("spec").path("kafka").path("config");
        for (var expected : Map.of("default.replication.factor", 3, "min.insync.replicas", 2,
                "offsets.topic.replication.factor", 3, "transaction.state.log.replication.factor", 3,
                "transaction.state.log.min.isr", 2).entrySet()) {
            if (config.path(expected.getKey()).asInt() != expected.getValue()) {
                problems.add("Kafka config " + expected.getKey() + " is " + config.path(expected.getKey()));
            }
        }
        prod.all("KafkaTopic").forEach(topic -> {
            if (topic.path("spec").path("replicas").asInt() != 3
                    || topic.path("spec").path("config").path("min.insync.replicas").asInt() != 2) {
                problems.add("KafkaTopic " + Rendered.name(topic) + " is not on 3 replicas with min.insync.replicas 2");
            }
        });
        prod.all("Cluster").forEach(cluster -> {
            if (cluster.path("spec").path("instances").asInt() != 3) {
                problems.add("PostgreSQL Cluster " + Rendered.name(cluster) + " has not 3 instances");
            }
        });
        prod.all("HorizontalPodAutoscaler").forEach(hpa -> {
            if (hpa.path("spec").path("minReplicas").asInt() < 2) {
                problems.add("HorizontalPodAutoscaler " + Rendered.name(hpa) + " allows fewer than 2 replicas");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void devIsSmall() {
        Rendered dev = new Rendered(Overlays.render("dev"));
        assertThat(dev.all("KafkaNodePool")).allSatisfy(pool -> assertThat(pool.path("spec").path("replicas").asInt())
                .isEqualTo(1));
        assertThat(dev.all("Cluster")).allSatisfy(cluster -> assertThat(cluster.path("spec").path("instances")
                .asInt()).isEqualTo(1));
    }

    /** The Secret templates of deploy/k8s/secrets, by name. */
    static Map<String, ObjectNode> secretTemplates() {
        var templates = new HashMap<String, ObjectNode>();
        try (Stream<Path> files = Files.list(SECRET_TEMPLATES)) {
            files.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(file -> Repo.documents(file)
                    .forEach(secret -> templates.put(Rendered.name(secret), secret)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return templates;
    }

    /** The objects of one rendered overlay. */
    record Rendered(List<ObjectNode> objects) {

        List<ObjectNode> all(String kind) {
            return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
        }

        Optional<ObjectNode> find(String kind, String name) {
            return all(kind).stream().filter(o -> name(o).equals(name)).findFirst();
        }

        /** A ConfigMap by the name a Deployment uses (generated ones carry a hash suffix there too). */
        Optional<ObjectNode> configMap(String name) {
            return find("ConfigMap", name);
        }

        static String name(JsonNode object) {
            return object.path("metadata").path("name").asText();
        }
    }
}
