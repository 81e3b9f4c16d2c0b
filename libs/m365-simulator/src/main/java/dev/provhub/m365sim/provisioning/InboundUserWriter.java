package dev.provhub.m365sim.provisioning;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.http.GraphJson;
import dev.provhub.m365sim.tenant.Directory;
import dev.provhub.m365sim.tenant.DirectoryObject;
import dev.provhub.m365sim.tenant.DirectoryObjectType;

/**
 * Applies one SCIM user of a bulk request to the directory with the default attribute mapping of API-driven inbound
 * provisioning to Microsoft Entra ID: matched on {@code externalId} = {@code employeeId}, then created, updated,
 * enabled or disabled ({@code active}). Only {@code type eq "work"} emails, phone numbers and addresses are applied
 * (a documented limitation). Custom schema attributes are validated on upload but not written: the simulator has
 * no attribute mappings.
 */
final class InboundUserWriter {

    /** What happened to one record, for its provisioning log entry. */
    record Outcome(String action, String status, String errorCode, String reason, String userId, String displayName,
            List<String[]> modified, String matchDescription) {
    }

    private final Directory directory;

    InboundUserWriter(Directory directory) {
        this.directory = directory;
    }

    Outcome apply(ObjectNode data) {
        String externalId = text(ScimBulkRequest.field(data, "externalId"));
        if (externalId == null || externalId.isBlank()) {
            return failure("create", "InvalidAnchor", "The record has no externalId, the matching attribute: it "
                    + "cannot be matched to a user.", null, null);
        }
        ObjectNode target = mapped(data);
        DirectoryObject existing = findByEmployeeId(externalId);
        String match = existing == null ? "No user has employeeId '" + externalId + "'"
                : "Matched user " + existing.id() + " on employeeId '" + externalId + "'";
        if (existing == null) {
            return create(target, match);
        }
        // as in the template's default mapping, the user principal name is written only when a user is created
        target.remove("userPrincipalName");
        var modified = new ArrayList<String[]>();
        ObjectNode patch = GraphJson.object();
        for (Iterator<Map.Entry<String, JsonNode>> fields = target.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode before = existing.property(field.getKey());
            if (before == null || !before.equals(field.getValue())) {
                patch.set(field.getKey(), field.getValue());
                modified.add(new String[] { field.getKey(), text(before), text(field.getValue()) });
            }
        }
        String name = existing.text("displayName");
        if (patch.isEmpty()) {
            return new Outcome("other", "skipped", null, null, existing.id(), name, modified, match);
        }
        try {
            directory.update(existing.id(), patch);
        } catch (IllegalArgumentException e) {
            return failure("update", "AttributeValueMustBeUnique", e.getMessage(), existing.id(), name);
        }
        String action = patch.has("accountEnabled") && !patch.get("accountEnabled").asBoolean() ? "disable" : "update";
        return new Outcome(action, "success", null, null, existing.id(), existing.text("displayName"), modified, match);
    }

    private Outcome create(ObjectNode target, String match) {
        String upn = text(target.get("userPrincipalName"));
        if (upn == null || !upn.contains("@")) {
            return failure("create", "InvalidUserPrincipalName", "A new user needs userName as a user principal name "
                    + "(name@domain); the record has '" + upn + "'.", null, text(target.get("displayName")));
        }
        if (directory.user(upn) != null) {
            return failure("create", "AttributeValueMustBeUnique", "Another user already has userPrincipalName '"
                    + upn + "'.", null, text(target.get("displayName")));
        }
        target.put("mailNickname", upn.substring(0, upn.indexOf('@')));
        if (!target.has("accountEnabled")) {
            target.put("accountEnabled", true);
        }
        target.putIfAbsent("businessPhones", GraphJson.array());
        DirectoryObject created = directory.create(DirectoryObjectType.USER, target);
        var modified = new ArrayList<String[]>();
        created.properties().fields().forEachRemaining(field -> {
            if (!field.getKey().equals("id")) {
                modified.add(new String[] { field.getKey(), null, text(field.getValue()) });
            }
        });
        return new Outcome("create", "success", null, null, created.id(), created.text("displayName"), modified,
                match);
    }

    private DirectoryObject findByEmployeeId(String employeeId) {
        for (DirectoryObject user : directory.all(DirectoryObjectType.USER)) {
            if (employeeId.equals(user.text("employeeId"))) {
                return user;
            }
        }
        return null;
    }

    /** The record in Entra's terms: the default attribute mapping of the API2AAD template. */
    private ObjectNode mapped(ObjectNode data) {
        ObjectNode user = GraphJson.object();
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        put(user, "employeeId", ScimBulkRequest.field(data, "externalId"));
        put(user, "userPrincipalName", ScimBulkRequest.field(data, "userName"));
        JsonNode active = ScimBulkRequest.field(data, "active");
        if (active != null && active.isBoolean()) {
            user.put("accountEnabled", active.asBoolean());
        }
        JsonNode name = ScimBulkRequest.field(data, "name");
        if (name != null && name.isObject()) {
            put(user, "givenName", ScimBulkRequest.field(name, "givenName"));
            put(user, "surname", ScimBulkRequest.field(name, "familyName"));
        }
        JsonNode displayName = ScimBulkRequest.field(data, "displayName");
        if (displayName != null && !displayName.isNull()) {
            user.set("displayName", displayName);
        } else if (user.has("givenName") || user.has("surname")) {
            // the default mapping joins the names when the source has no displayName
            user.put("displayName", (text(user.get("givenName")) + " " + text(user.get("surname")))
                    .replace("null", "").trim());
        }
        put(user, "jobTitle", ScimBulkRequest.field(data, "title"));
        put(user, "employeeType", ScimBulkRequest.field(data, "userType"));
        put(user, "preferredLanguage", ScimBulkRequest.field(data, "preferredLanguage"));
        JsonNode email = work(ScimBulkRequest.field(data, "emails"));
        if (email != null) {
            put(user, "mail", ScimBulkRequest.field(email, "value"));
        }
        JsonNode phone = work(ScimBulkRequest.field(data, "phoneNumbers"));
        if (phone != null && ScimBulkRequest.field(phone, "value") != null) {
            user.set("businessPhones", nodes.arrayNode().add(ScimBulkRequest.field(phone, "value").asText()));
        }
        JsonNode address = work(ScimBulkRequest.field(data, "addresses"));
        if (address != null) {
            put(user, "streetAddress", ScimBulkRequest.field(address, "streetAddress"));
            put(user, "city", ScimBulkRequest.field(address, "locality"));
            put(user, "state", ScimBulkRequest.field(address, "region"));
            put(user, "postalCode", ScimBulkRequest.field(address, "postalCode"));
            put(user, "country", ScimBulkRequest.field(address, "country"));
        }
        JsonNode enterprise = ScimBulkRequest.field(data, InboundSchema.ENTERPRISE_USER);
        if (enterprise != null && enterprise.isObject()) {
            put(user, "department", ScimBulkRequest.field(enterprise, "department"));
            put(user, "companyName", ScimBulkRequest.field(enterprise, "organization"));
            JsonNode costCenter = ScimBulkRequest.field(enterprise, "costCenter");
            JsonNode division = ScimBulkRequest.field(enterprise, "division");
            if (costCenter != null || division != null) {
                ObjectNode organisation = user.putObject("employeeOrgData");
                put(organisation, "costCenter", costCenter);
                put(organisation, "division", division);
            }
            JsonNode manager = ScimBulkRequest.field(enterprise, "manager");
            if (manager != null && manager.isObject() && ScimBulkRequest.field(manager, "value") != null) {
                DirectoryObject found = findByEmployeeId(ScimBulkRequest.field(manager, "value").asText());
                if (found != null) {
                    user.put("manager", found.id());
                }
            }
        }
        return user;
    }

    /** The first {@code type eq "work"} entry of a multi-valued attribute; other types are not processed. */
    private static JsonNode work(JsonNode values) {
        if (values == null || !values.isArray()) {
            return null;
        }
        for (JsonNode value : values) {
            JsonNode type = ScimBulkRequest.field(value, "type");
            if (type != null && type.asText().equalsIgnoreCase("work")) {
                return value;
            }
        }
        return null;
    }

    private static void put(ObjectNode target, String name, JsonNode value) {
        if (value != null && !value.isNull() && !(value.isTextual() && value.asText().isEmpty())) {
            target.put(name, value.asText());
        }
    }

    private static Outcome failure(String action, String code, String reason, String userId, String name) {
        return new Outcome(action, "failure", code, reason, userId, name, List.of(), reason);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.isValueNode() ? node.asText() : node.toString();
    }
}
