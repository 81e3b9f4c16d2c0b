package dev.provhub.scim.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A SCIM schema: its URN and attributes, each with its type, whether it is multi-valued, and its sub-attributes. The
 * service knows the core User and the enterprise extension (what CSV2SCIM validates mappings against).
 */
public record ScimSchema(String id, List<Attribute> attributes) {

    public static final String CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    public record Attribute(String name, String type, boolean multiValued, List<Attribute> subAttributes) {

        public boolean complex() {
            return "complex".equals(type);
        }

        public boolean bool() {
            return "boolean".equals(type);
        }

        public Optional<Attribute> sub(String subName) {
            return find(subAttributes, subName);
        }
    }

    public Optional<Attribute> attribute(String attributeName) {
        return find(attributes, attributeName);
    }

    /** Attribute names compare without case (RFC 7643 section 2.1). */
    static Optional<Attribute> find(List<Attribute> attributes, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return attributes.stream().filter(a -> a.name().toLowerCase(Locale.ROOT).equals(lower)).findFirst();
    }

    /**
     * The core User schema of RFC 7643 (section 4.1), the attributes a mapping may use; {@code ScimSchemasTest} checks
     * that it equals CSV2SCIM's {@code ScimSchemaRepresentations/User.json} attribute for attribute.
     */
    public static ScimSchema coreUser() {
        return CORE;
    }

    /** The enterprise User extension of RFC 7643 (section 4.3). */
    public static ScimSchema enterpriseUser() {
        return ENTERPRISE;
    }

    private static final String MULTI = "value display type primary:boolean";

    private static final ScimSchema CORE = new ScimSchema(CORE_USER, List.of(simple("userName", "string"),
            complex("name", false, "formatted familyName givenName middleName honorificPrefix honorificSuffix"),
            simple("displayName", "string"), simple("nickName", "string"), simple("profileUrl", "reference"),
            simple("title", "string"), simple("userType", "string"), simple("preferredLanguage", "string"),
            simple("locale", "string"), simple("timezone", "string"), simple("active", "boolean"),
            simple("password", "string"), complex("emails", true, MULTI), complex("phoneNumbers", true, MULTI),
            complex("ims", true, MULTI), complex("photos", true, "value:reference display type primary:boolean"),
            complex("addresses", true, "formatted streetAddress locality region postalCode country type"),
            complex("groups", true, "value $ref:reference display type"), complex("entitlements", true, MULTI),
            complex("roles", true, MULTI),
            complex("x509Certificates", true, "value:binary display type primary:boolean")));

    private static final ScimSchema ENTERPRISE = new ScimSchema(ENTERPRISE_USER, List.of(
            simple("employeeNumber", "string"), simple("costCenter", "string"), simple("organization", "string"),
            simple("division", "string"), simple("department", "string"),
            complex("manager", false, "value $ref:reference displayName")));

    private static Attribute simple(String name, String type) {
        return new Attribute(name, type, false, List.of());
    }

    /** {@code subAttributes}: names separated by spaces, each {@code name} (a string) or {@code name:type}. */
    private static Attribute complex(String name, boolean multiValued, String subAttributes) {
        var subs = new ArrayList<Attribute>();
        for (String sub : subAttributes.split(" ")) {
            int colon = sub.indexOf(':');
            subs.add(colon < 0 ? simple(sub, "string") : simple(sub.substring(0, colon), sub.substring(colon + 1)));
        }
        return new Attribute(name, "complex", multiValued, List.copyOf(subs));
    }

    /** A schema as RFC 7643 section 8.7.1 represents it (as in {@code ScimSchemaRepresentations/}). */
    public static ScimSchema read(JsonNode schema) {
        return new ScimSchema(schema.path("id").asText(), attributes(schema.path("attributes")));
    }

    private static List<Attribute> attributes(JsonNode list) {
        var attributes = new ArrayList<Attribute>();
        for (JsonNode attribute : list) {
            attributes.add(new Attribute(attribute.path("name").asText(), attribute.path("type").asText(),
                    attribute.path("multiValued").asBoolean(false), attributes(attribute.path("subAttributes"))));
        }
        return List.copyOf(attributes);
    }
}
