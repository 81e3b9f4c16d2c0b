package dev.provhub.m365sim.provisioning;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.http.GraphException;
import dev.provhub.m365sim.http.GraphJson;

/**
 * The synchronization schema of an API-driven inbound provisioning job: a source directory ({@code API}) whose
 * {@code User} object lists the SCIM attributes the job maps, and the target (Microsoft Entra ID). Custom
 * attributes are named {@code <urn>:<attribute>}, as Microsoft's CSV2SCIM adds them.
 */
public final class InboundSchema {

    public static final String CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static final List<String> SOURCE_ATTRIBUTES = List.of("externalId", "userName", "active", "displayName",
            "nickName", "title", "userType", "preferredLanguage", "locale", "timezone", "name.givenName",
            "name.familyName", "name.formatted", "emails[type eq \"work\"].value",
            "phoneNumbers[type eq \"work\"].value", "phoneNumbers[type eq \"mobile\"].value",
            "addresses[type eq \"work\"].streetAddress", "addresses[type eq \"work\"].locality",
            "addresses[type eq \"work\"].region", "addresses[type eq \"work\"].postalCode",
            "addresses[type eq \"work\"].country", ENTERPRISE_USER + ":employeeNumber",
            ENTERPRISE_USER + ":costCenter", ENTERPRISE_USER + ":organization", ENTERPRISE_USER + ":division",
            ENTERPRISE_USER + ":department", ENTERPRISE_USER + ":manager");
    private static final List<String> TARGET_ATTRIBUTES = List.of("accountEnabled", "displayName", "givenName",
            "surname", "userPrincipalName", "mailNickname", "mail", "employeeId", "jobTitle", "department",
            "companyName", "usageLocation", "streetAddress", "city", "state", "postalCode", "country",
            "businessPhones", "mobilePhone", "manager");
    private static final Set<String> TYPES = Set.of("String", "Integer", "Reference", "Binary", "Boolean",
            "DateTime");
    private static final Set<String> MUTABILITIES = Set.of("ReadWrite", "ReadOnly", "Immutable", "WriteOnly");

    private InboundSchema() {
    }

    public static ObjectNode defaultSchema(String jobId) {
        ObjectNode schema = GraphJson.object();
        schema.put("id", jobId);
        schema.put("version", "Date:2024-01-01T00:00:00Z~Version:1");
        ArrayNode directories = schema.putArray("directories");
        directories.add(directory("API", "API", SOURCE_ATTRIBUTES));
        directories.add(directory("AAD", "Microsoft Entra ID", TARGET_ATTRIBUTES));
        schema.putArray("synchronizationRules");
        return schema;
    }

    private static ObjectNode directory(String id, String name, List<String> attributes) {
        ObjectNode directory = GraphJson.object();
        directory.put("id", id);
        directory.put("name", name);
        directory.put("discoverabilities", "None");
        ObjectNode user = directory.putArray("objects").addObject();
        user.put("name", "User");
        user.putArray("metadata");
        user.putArray("supportedApis");
        ArrayNode list = user.putArray("attributes");
        for (String attribute : attributes) {
            list.add(attribute(attribute, attribute.equals("externalId") || attribute.equals("employeeId")));
        }
        return directory;
    }

    /** An attribute as CSV2SCIM's -UpdateSchema appends it: a single-valued read-write string. */
    public static ObjectNode attribute(String name, boolean anchor) {
        ObjectNode attribute = GraphJson.object();
        attribute.put("anchor", anchor);
        attribute.put("caseExact", false);
        attribute.putNull("defaultValue");
        attribute.put("flowNullValues", false);
        attribute.put("multivalued", false);
        attribute.put("mutability", "ReadWrite");
        attribute.put("name", name);
        attribute.put("required", false);
        attribute.put("type", "String");
        attribute.putArray("apiExpressions");
        attribute.putArray("metadata");
        attribute.putArray("referencedObjects");
        return attribute;
    }

    /** Every {@code <urn>:<attribute>} the schema's source objects declare outside the core and enterprise schemas. */
    public static Set<String> customAttributes(JsonNode schema) {
        var names = new LinkedHashSet<String>();
        for (JsonNode directory : schema.path("directories")) {
            for (JsonNode object : directory.path("objects")) {
                for (JsonNode attribute : object.path("attributes")) {
                    String name = attribute.path("name").asText("");
                    if (name.startsWith("urn:") && !name.startsWith(CORE_USER + ":")
                            && !name.startsWith(ENTERPRISE_USER + ":")) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }

    /**
     * Checks a schema sent with PUT: the job's directories (same ids, none added or dropped), each object named,
     * each attribute named once per object, with a known type and mutability. The documentation does not list the
     * checks; these are the structural ones a real service cannot do without.
     */
    public static void validateReplacement(JsonNode current, JsonNode replacement) {
        if (replacement == null || !replacement.isObject()) {
            throw invalid("The request body must be a synchronizationSchema object.");
        }
        JsonNode directories = replacement.get("directories");
        if (directories == null || !directories.isArray() || directories.isEmpty()) {
            throw invalid("The synchronizationSchema must have a non-empty 'directories' collection.");
        }
        var expectedIds = new LinkedHashSet<String>();
        current.path("directories").forEach(d -> expectedIds.add(d.path("id").asText()));
        var givenIds = new LinkedHashSet<String>();
        for (JsonNode directory : directories) {
            String id = directory.path("id").asText("");
            if (!expectedIds.contains(id)) {
                throw invalid("Directory '" + id + "' is not a directory of this synchronization job.");
            }
            givenIds.add(id);
            JsonNode objects = directory.get("objects");
            if (objects == null || !objects.isArray()) {
                throw invalid("Directory '" + id + "' must have an 'objects' collection.");
            }
            for (JsonNode object : objects) {
                validateObject(id, object);
            }
        }
        if (!givenIds.equals(expectedIds)) {
            throw invalid("The schema must keep the job's directories " + expectedIds + "; it has " + givenIds + ".");
        }
    }

    private static void validateObject(String directoryId, JsonNode object) {
        String objectName = object.path("name").asText("");
        if (objectName.isBlank()) {
            throw invalid("An object of directory '" + directoryId + "' has no name.");
        }
        var names = new LinkedHashSet<String>();
        for (JsonNode attribute : object.path("attributes")) {
            String name = attribute.path("name").asText("");
            if (name.isBlank()) {
                throw invalid("An attribute of object '" + objectName + "' has no name.");
            }
            if (name.contains("\"") && !name.contains("[type eq")) {
                throw invalid("Attribute name '" + name + "' is not a valid attribute name.");
            }
            if (!names.add(name.toLowerCase())) {
                throw invalid("Attribute '" + name + "' appears more than once in object '" + objectName + "'.");
            }
            String type = attribute.path("type").asText("");
            if (!TYPES.contains(type)) {
                throw invalid("Attribute '" + name + "' has type '" + type + "'; expected one of " + TYPES + ".");
            }
            JsonNode mutability = attribute.get("mutability");
            if (mutability != null && !mutability.isNull() && !MUTABILITIES.contains(mutability.asText())) {
                throw invalid("Attribute '" + name + "' has mutability '" + mutability.asText() + "'.");
            }
        }
    }

    private static GraphException invalid(String message) {
        return GraphException.badRequest("BadRequest", message);
    }
}
