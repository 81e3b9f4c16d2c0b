package dev.provhub.m365sim.provisioning;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.http.GraphException;

/**
 * A SCIM BulkRequest as {@code /bulkUpload} takes it, checked whole before it is accepted: the BulkRequest schema,
 * 1 to 50 operations, each {@code POST} to {@code /Users} with a {@code bulkId} and a {@code data} user whose
 * attributes belong to the core User schema, the enterprise extension, or a custom schema the job's synchronization
 * schema declares (each custom attribute declared as {@code <urn>:<name>}). Attribute names compare without case,
 * as SCIM says; Microsoft's own samples write {@code path: "/users"} and {@code username}.
 */
public record ScimBulkRequest(List<ObjectNode> operations) {

    public static final String BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    public static final int MAX_OPERATIONS = 50;

    private static final Set<String> CORE = Set.of("schemas", "id", "externalid", "username", "name", "displayname",
            "nickname", "profileurl", "title", "usertype", "preferredlanguage", "locale", "timezone", "active",
            "password", "emails", "phonenumbers", "ims", "photos", "addresses", "groups", "entitlements", "roles",
            "x509certificates", "meta", "resourcetype");
    private static final Set<String> ENTERPRISE = Set.of("employeenumber", "costcenter", "organization", "division",
            "department", "manager");
    private static final Set<String> MULTI_VALUED = Set.of("emails", "phonenumbers", "ims", "photos", "addresses",
            "groups", "entitlements", "roles", "x509certificates");

    /** @throws GraphException 400 naming the first rule the request breaks */
    public static ScimBulkRequest validate(JsonNode body, Set<String> customAttributes) {
        if (body == null || !body.isObject()) {
            throw invalid("The request body must be a SCIM BulkRequest object.");
        }
        if (!contains(body.get("schemas"), BULK_REQUEST)) {
            throw invalid("The request's schemas must contain '" + BULK_REQUEST + "'.");
        }
        JsonNode operations = field(body, "Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw invalid("The BulkRequest must have a non-empty 'Operations' array.");
        }
        if (operations.size() > MAX_OPERATIONS) {
            throw invalid("The BulkRequest has " + operations.size() + " operations; the maximum is "
                    + MAX_OPERATIONS + " operations per request.");
        }
        var accepted = new ArrayList<ObjectNode>();
        int index = 0;
        for (JsonNode operation : operations) {
            checkOperation(operation, index++, customAttributes);
            accepted.add((ObjectNode) operation);
        }
        return new ScimBulkRequest(accepted);
    }

    private static void checkOperation(JsonNode operation, int index, Set<String> customAttributes) {
        String where = "Operations[" + index + "]";
        if (!operation.isObject()) {
            throw invalid(where + " is not an object.");
        }
        String method = text(field(operation, "method"));
        if (!"POST".equals(method)) {
            throw invalid(where + ": method '" + method + "' is not supported; only POST is.");
        }
        String path = text(field(operation, "path"));
        if (path == null || !path.equalsIgnoreCase("/Users")) {
            throw invalid(where + ": path '" + path + "' is not supported; only /Users is.");
        }
        String bulkId = text(field(operation, "bulkId"));
        if (bulkId == null || bulkId.isBlank()) {
            throw invalid(where + ": bulkId is required.");
        }
        JsonNode data = field(operation, "data");
        if (data == null || !data.isObject()) {
            throw invalid(where + ": data must be a SCIM User object.");
        }
        checkUser(data, where + ".data", customAttributes);
    }

    private static void checkUser(JsonNode data, String where, Set<String> customAttributes) {
        JsonNode schemas = field(data, "schemas");
        if (!contains(schemas, InboundSchema.CORE_USER)) {
            throw invalid(where + ": schemas must contain '" + InboundSchema.CORE_USER + "'.");
        }
        for (JsonNode schema : schemas) {
            String urn = schema.asText();
            if (!urn.equalsIgnoreCase(InboundSchema.CORE_USER) && !urn.equalsIgnoreCase(InboundSchema.ENTERPRISE_USER)
                    && customAttributes.stream().noneMatch(a -> a.toLowerCase(Locale.ROOT)
                            .startsWith(urn.toLowerCase(Locale.ROOT) + ":"))) {
                throw invalid(where + ": schema '" + urn + "' is not declared in the job's synchronization schema.");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = data.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("urn:")) {
                if (!contains(schemas, name)) {
                    throw invalid(where + ": '" + name + "' is used but not listed in schemas.");
                }
                checkExtension(name, field.getValue(), where, customAttributes);
            } else if (!CORE.contains(lower)) {
                throw invalid(where + ": attribute '" + name + "' is not an attribute of '" + InboundSchema.CORE_USER
                        + "'.");
            } else if (MULTI_VALUED.contains(lower) && !field.getValue().isArray() && !field.getValue().isNull()) {
                throw invalid(where + ": attribute '" + name + "' is multi-valued and must be an array.");
            } else if (lower.equals("active") && !field.getValue().isBoolean() && !field.getValue().isNull()) {
                throw invalid(where + ": attribute 'active' must be a boolean.");
            }
        }
    }

    private static void checkExtension(String urn, JsonNode value, String where, Set<String> customAttributes) {
        if (!value.isObject()) {
            throw invalid(where + ": '" + urn + "' must be an object.");
        }
        boolean enterprise = urn.equalsIgnoreCase(InboundSchema.ENTERPRISE_USER);
        value.fieldNames().forEachRemaining(attribute -> {
            boolean known = enterprise ? ENTERPRISE.contains(attribute.toLowerCase(Locale.ROOT))
                    : customAttributes.stream().anyMatch(a -> a.equalsIgnoreCase(urn + ":" + attribute));
            if (!known) {
                throw invalid(where + ": attribute '" + urn + ":" + attribute + "' is not "
                        + (enterprise ? "an attribute of the enterprise extension."
                                : "declared in the job's synchronization schema."));
            }
        });
    }

    /** A field by name without regard to case. */
    static JsonNode field(JsonNode object, String name) {
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }

    private static boolean contains(JsonNode array, String value) {
        if (array == null || !array.isArray()) {
            return false;
        }
        for (JsonNode element : array) {
            if (element.asText().equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static GraphException invalid(String message) {
        return GraphException.badRequest("BadRequest", message);
    }
}
