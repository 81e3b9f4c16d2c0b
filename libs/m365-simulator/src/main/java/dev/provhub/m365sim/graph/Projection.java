package dev.provhub.m365sim.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.http.GraphException;
import dev.provhub.m365sim.http.GraphJson;
import dev.provhub.m365sim.tenant.DirectoryObject;
import dev.provhub.m365sim.tenant.DirectoryObjectType;

/**
 * Renders directory objects as Graph does: the type's default properties, or exactly the {@code $select}ed ones
 * (absent ones as {@code null}); {@code @odata.type} where a collection can hold several types.
 */
public final class Projection {

    private static final Set<String> USER_PROPERTIES = Set.of("id", "accountEnabled", "ageGroup", "businessPhones",
            "city", "companyName", "country", "createdDateTime", "creationType", "customSecurityAttributes",
            "deletedDateTime", "department",
            "displayName", "employeeHireDate", "employeeLeaveDateTime", "employeeId", "employeeOrgData",
            "employeeType", "externalUserState", "faxNumber", "givenName", "identities", "imAddresses", "isResourceAccount",
            "jobTitle", "lastPasswordChangeDateTime", "mail", "mailNickname", "manager", "mobilePhone",
            "officeLocation", "onPremisesDistinguishedName", "onPremisesDomainName", "onPremisesExtensionAttributes",
            "onPremisesImmutableId", "onPremisesLastSyncDateTime", "onPremisesSamAccountName",
            "onPremisesSecurityIdentifier", "onPremisesSyncEnabled", "onPremisesUserPrincipalName", "otherMails",
            "passwordPolicies", "postalCode", "preferredDataLocation", "preferredLanguage", "proxyAddresses",
            "securityIdentifier", "showInAddressList", "signInSessionsValidFromDateTime", "state", "streetAddress",
            "surname", "usageLocation", "userPrincipalName", "userType");

    private Projection() {
    }

    /** The {@code $select} list, or null without one. */
    public static List<String> parseSelect(String select) {
        if (select == null) {
            return null;
        }
        var properties = new ArrayList<String>();
        for (String name : select.split(",")) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                throw GraphException.badRequest("BadRequest", "Invalid $select: empty property name.");
            }
            properties.add(trimmed);
        }
        return properties;
    }

    /**
     * Refuses properties the type does not have, as Graph does ("Could not find a property named ..."). Directory
     * extensions are properties of users when some user has them.
     */
    public static void checkSelect(List<String> select, DirectoryObjectType type, List<DirectoryObject> sample) {
        if (select == null) {
            return;
        }
        for (String name : select) {
            if (known(name, type, sample)) {
                continue;
            }
            throw GraphException.badRequest("BadRequest", "Parsing OData Select and Expand failed: Could not find a "
                    + "property named '" + name + "' on type '" + type.castName() + "'.");
        }
    }

    private static boolean known(String name, DirectoryObjectType type, List<DirectoryObject> sample) {
        if (name.equals("*") || type.defaultProperties().stream().anyMatch(p -> p.equalsIgnoreCase(name))) {
            return true;
        }
        if (type == DirectoryObjectType.USER && USER_PROPERTIES.stream().anyMatch(p -> p.equalsIgnoreCase(name))) {
            return true;
        }
        if (name.startsWith("extension_")) {
            return true;
        }
        for (DirectoryObject object : sample) {
            if (object.type() == type && object.properties().has(name)) {
                return true;
            }
        }
        return false;
    }

    public static ObjectNode render(DirectoryObject object, List<String> select, boolean withType) {
        ObjectNode rendered = GraphJson.object();
        if (withType) {
            rendered.put("@odata.type", object.type().odataTypeAnnotation());
        }
        List<String> names = select == null || select.contains("*") ? object.type().defaultProperties() : select;
        for (String name : names) {
            JsonNode value = lookup(object.properties(), name);
            rendered.set(canonical(object, name), value == null ? GraphJson.object().nullNode() : value);
        }
        if (select == null && object.type() == DirectoryObjectType.GROUP) {
            // directory extensions of groups are returned by default
            object.properties().fieldNames().forEachRemaining(field -> {
                if (field.startsWith("extension_")) {
                    rendered.set(field, object.properties().get(field));
                }
            });
        }
        return rendered;
    }

    private static JsonNode lookup(ObjectNode properties, String name) {
        JsonNode value = properties.get(name);
        if (value != null) {
            return value;
        }
        var names = properties.fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            if (field.equalsIgnoreCase(name)) {
                return properties.get(field);
            }
        }
        return null;
    }

    private static String canonical(DirectoryObject object, String name) {
        var names = object.properties().fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            if (field.equalsIgnoreCase(name)) {
                return field;
            }
        }
        for (String property : object.type().defaultProperties()) {
            if (property.equalsIgnoreCase(name)) {
                return property;
            }
        }
        return name;
    }
}
