package dev.provhub.scim.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A SCIM schema as RFC 7643 represents it ({@code ScimSchemaRepresentations/User.json},
 * {@code EnterpriseUser.json}): its URN and attributes, each with its type, whether it is multi-valued, and its
 * sub-attributes.
 */
public record ScimSchema(String id, List<Attribute> attributes) {

    public static final String CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile ScimSchema core;
    private static volatile ScimSchema enterprise;

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

    /** The core User schema shipped with the service (a copy of CSV2SCIM's). */
    public static ScimSchema coreUser() {
        if (core == null) {
            core = load("/scim-schemas/User.json");
        }
        return core;
    }

    public static ScimSchema enterpriseUser() {
        if (enterprise == null) {
            enterprise = load("/scim-schemas/EnterpriseUser.json");
        }
        return enterprise;
    }

    static ScimSchema load(String resource) {
        try (InputStream in = ScimSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return read(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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
