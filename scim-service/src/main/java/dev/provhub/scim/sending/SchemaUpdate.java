package dev.provhub.scim.sending;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code -UpdateSchema}: every column of the CSV becomes an attribute {@code <urn>:<column>} of the job's source
 * object (a single-valued read-write string, as CSV2SCIM adds them); attributes already there are skipped with a
 * warning. Column names come from the CSV reader, so a quoted header is a plain name (CSV2SCIM's issue #7).
 */
public final class SchemaUpdate {

    /** An attribute as CSV2SCIM's -UpdateSchema appends it: a single-valued read-write string; the name is set. */
    private static final ObjectNode STRING_ATTRIBUTE;

    static {
        try {
            STRING_ATTRIBUTE = (ObjectNode) new ObjectMapper().readTree("""
                    {"anchor": false, "caseExact": false, "defaultValue": null, "flowNullValues": false,
                     "multivalued": false, "mutability": "ReadWrite", "name": null, "required": false,
                     "type": "String", "apiExpressions": [], "metadata": [], "referencedObjects": []}
                    """);
        } catch (JsonProcessingException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private SchemaUpdate() {
    }

    /** What the update did: the attributes added and those that were there already. */
    public record Result(List<String> added, List<String> existing) {
    }

    public static Result apply(ProvisioningApi api, ProvisioningApi.Target target, String namespace,
            List<String> columns) {
        if (namespace == null || !namespace.toLowerCase(Locale.ROOT).startsWith("urn:")) {
            throw new IllegalArgumentException("-UpdateSchema needs -ScimSchemaNamespace urn:...");
        }
        ObjectNode schema = api.schema(target);
        JsonNode directories = schema.path("directories");
        if (!directories.isArray() || directories.isEmpty()
                || !directories.get(0).path("objects").isArray() || directories.get(0).path("objects").isEmpty()) {
            throw new ProvisioningApiException(0, "the job's schema has no source directory object");
        }
        ObjectNode object = (ObjectNode) directories.get(0).path("objects").get(0);
        ArrayNode attributes = object.withArray("attributes");
        Set<String> present = new HashSet<>();
        attributes.forEach(a -> present.add(a.path("name").asText().toLowerCase(Locale.ROOT)));
        var added = new ArrayList<String>();
        var existing = new ArrayList<String>();
        for (String column : columns) {
            String name = namespace + ":" + column;
            if (!present.add(name.toLowerCase(Locale.ROOT))) {
                existing.add(name);
                continue;
            }
            ObjectNode attribute = STRING_ATTRIBUTE.deepCopy();
            attribute.put("name", name);
            attributes.add(attribute);
            added.add(name);
        }
        if (!added.isEmpty()) {
            api.replaceSchema(target, schema);
        }
        return new Result(added, existing);
    }
}
