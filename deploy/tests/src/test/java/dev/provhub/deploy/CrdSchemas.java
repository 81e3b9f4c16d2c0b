package dev.provhub.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;

/**
 * The {@code openAPIV3Schema} of the Strimzi and CloudNativePG CRDs in {@code ../shared/reference/k8s-schemas/}, as
 * JSON Schemas that refuse unknown fields where the API server would (structural schemas prune unknown fields, and
 * {@code kubectl apply} refuses them with strict field validation) unless the CRD says to keep them.
 */
final class CrdSchemas {

    /** The custom resources provhub uses, by {@code group/Kind}, and the CRD file that defines each. */
    static final Map<String, String> FILES = Map.of(
            "kafka.strimzi.io/Kafka", "strimzi/040-Crd-kafka.yaml",
            "kafka.strimzi.io/KafkaTopic", "strimzi/043-Crd-kafkatopic.yaml",
            "kafka.strimzi.io/KafkaUser", "strimzi/044-Crd-kafkauser.yaml",
            "kafka.strimzi.io/KafkaNodePool", "strimzi/045-Crd-kafkanodepool.yaml",
            "postgresql.cnpg.io/Cluster", "cloudnative-pg/postgresql.cnpg.io_clusters.yaml",
            "postgresql.cnpg.io/Database", "cloudnative-pg/postgresql.cnpg.io_databases.yaml");

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .nullableKeywordEnabled(true).formatAssertionsEnabled(false).build();
    private static final Map<String, JsonSchema> SCHEMAS = new LinkedHashMap<>();

    private CrdSchemas() {
    }

    static boolean available() {
        return Files.isDirectory(Repo.CRDS);
    }

    /** {@code group/Kind} of an object, e.g. {@code kafka.strimzi.io/KafkaTopic}; empty for core groups. */
    static Optional<String> customKind(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String key = apiVersion.substring(0, slash) + "/" + object.path("kind").asText();
        return FILES.containsKey(key) ? Optional.of(key) : Optional.empty();
    }

    /** Validates {@code object} against its CRD's schema for its version; adds what is wrong. */
    static void check(JsonNode object, String where, List<String> problems) {
        String apiVersion = object.path("apiVersion").asText();
        String key = customKind(object).orElseThrow();
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        JsonSchema schema = schema(key, version);
        if (schema == null) {
            problems.add(where + ": " + FILES.get(key) + " serves no version " + version);
            return;
        }
        schema.validate(object).forEach(message -> problems.add(where + ": " + message.getMessage()));
    }

    private static synchronized JsonSchema schema(String key, String version) {
        String cacheKey = key + "@" + version;
        if (!SCHEMAS.containsKey(cacheKey)) {
            Path file = Repo.CRDS.resolve(FILES.get(key));
            JsonNode crd = Repo.documents(file).get(0);
            JsonSchema schema = null;
            for (JsonNode served : crd.path("spec").path("versions")) {
                if (served.path("name").asText().equals(version) && served.path("served").asBoolean()) {
                    JsonNode openApi = served.path("schema").path("openAPIV3Schema").deepCopy();
                    schema = FACTORY.getSchema(strict(openApi), CONFIG);
                }
            }
            SCHEMAS.put(cacheKey, schema);
        }
        return SCHEMAS.get(cacheKey);
    }

    /**
     * An object schema with properties refuses others ({@code additionalProperties: false}) unless it says
     * {@code x-kubernetes-preserve-unknown-fields}; Kubernetes' own keywords are dropped once read.
     */
    static JsonNode strict(JsonNode schema) {
        if (schema instanceof ObjectNode node) {
            boolean preserve = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            if (node.has("properties") && !node.has("additionalProperties") && !preserve) {
                node.put("additionalProperties", false);
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (name.startsWith("x-kubernetes-") || name.equals("description")) {
                    names.remove();
                }
            }
            node.path("properties").forEach(CrdSchemas::strict);
            for (String child : List.of("items", "additionalProperties", "not")) {
                if (node.get(child) instanceof ObjectNode) {
                    strict(node.get(child));
                }
            }
            for (String list : List.of("allOf", "anyOf", "oneOf")) {
                if (node.get(list) instanceof ArrayNode array) {
                    array.forEach(CrdSchemas::strict);
                }
            }
        }
        return schema;
    }
}
