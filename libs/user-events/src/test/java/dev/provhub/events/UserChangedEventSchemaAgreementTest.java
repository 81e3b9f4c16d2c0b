package dev.provhub.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;

/** The Java record and the published JSON Schema describe the same event. */
class UserChangedEventSchemaAgreementTest {

    static final JsonNode SCHEMA_TREE = Schemas.tree(UserChangedEventJson.SCHEMA_RESOURCE);
    static final JsonSchema SCHEMA = Schemas.schema(UserChangedEventJson.SCHEMA_RESOURCE);

    @Test
    void schemaHasExactlyTheRecordsFields() {
        Set<String> schemaFields = new TreeSet<>();
        SCHEMA_TREE.get("properties").fieldNames().forEachRemaining(schemaFields::add);

        assertThat(schemaFields).isEqualTo(componentNames());
        assertThat(SCHEMA_TREE.get("additionalProperties").asBoolean(true)).isFalse();
    }

    @Test
    void requiredFieldsAreExactlyTheOnesTheRecordAlwaysHas() {
        Set<String> required = new TreeSet<>();
        SCHEMA_TREE.get("required").forEach(n -> required.add(n.asText()));

        // primitives and collections are always present; type, id and origin are checked by the constructor
        Set<String> alwaysPresent = Arrays.stream(UserChangedEvent.class.getRecordComponents())
                .filter(c -> c.getType().isPrimitive() || List.class.isAssignableFrom(c.getType())
                        || Set.class.isAssignableFrom(c.getType()) || Map.class.isAssignableFrom(c.getType())
                        || Set.of("type", "id", "origin").contains(c.getName()))
                .map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(required).isEqualTo(alwaysPresent);
        assertThat(UserChangedEventJson.REQUIRED_FIELDS).as("what the reader insists on").isEqualTo(required);
    }

    @Test
    void everyFieldHasTheSchemaTypeOfItsJavaType() {
        for (RecordComponent component : UserChangedEvent.class.getRecordComponents()) {
            JsonNode property = SCHEMA_TREE.get("properties").get(component.getName());
            assertThat(describe(property)).as(component.getName())
                    .isEqualTo(expectedSchemaType(component.getGenericType()));
        }
    }

    @Test
    void typeEnumListsEveryChangeType() {
        Set<String> inSchema = new HashSet<>();
        SCHEMA_TREE.at("/properties/type/enum").forEach(n -> inSchema.add(n.asText()));

        assertThat(inSchema).isEqualTo(Arrays.stream(UserChangeType.values()).map(UserChangeType::wireName)
                .collect(Collectors.toSet()));
    }

    @Test
    void writtenEventsAreValidAgainstTheSchema() {
        for (UserChangeType type : UserChangeType.values()) {
            assertThat(Schemas.errors(SCHEMA, UserChangedEventJson.write(Events.complete().type(type).build())))
                    .as(type.wireName()).isEmpty();
            assertThat(Schemas.errors(SCHEMA, UserChangedEventJson.write(Events.minimal().type(type).build())))
                    .as(type.wireName()).isEmpty();
        }
    }

    @Test
    void schemaRejectsWhatTheRecordRejects() {
        String valid = UserChangedEventJson.write(Events.minimal().build());

        assertThat(Schemas.errors(SCHEMA, valid.replace("\"version\":1", "\"version\":0"))).isNotEmpty();
        assertThat(Schemas.errors(SCHEMA, valid.replace("\"user.created\"", "\"user.renamed\""))).isNotEmpty();
        assertThat(Schemas.errors(SCHEMA, valid.replace("00000000-0000-4000-8000-000000000001", "not-a-uuid")))
                .isNotEmpty();
        assertThat(Schemas.errors(SCHEMA, valid.replace("\"origin\":\"import-service\",", ""))).isNotEmpty();
        assertThat(Schemas.errors(SCHEMA, valid.replaceFirst("\\{", "{\"password\":\"x\","))).as("unknown top-level field")
                .isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "Password", "userPassword", "PWD", "password_hash", "clientSecret", "accessToken",
            "Credentials", "salt", "PASSWD" })
    void neitherRecordNorSchemaCanCarryASecretAttribute(String name) {
        assertThatThrownBy(() -> Events.minimal().attributes(Map.of(name, "x")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name);

        String json = UserChangedEventJson.write(Events.minimal().build())
                .replace("\"attributes\":{}", "\"attributes\":{\"" + name + "\":\"x\"}");
        assertThat(json).contains(name);
        assertThat(Schemas.errors(SCHEMA, json)).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "DateOfBirth", "Department", "CostCenter", "Title" })
    void recordAndSchemaAcceptOrdinaryAttributes(String name) {
        UserChangedEvent event = Events.minimal().attributes(Map.of(name, "x")).build();
        assertThat(Schemas.errors(SCHEMA, UserChangedEventJson.write(event))).isEmpty();
    }

    @Test
    void noFieldOfTheRecordIsNamedLikeASecret() {
        assertThat(componentNames()).noneMatch(name -> UserChangedEvent.SECRET_NAME.matcher(name).matches());
    }

    private static Set<String> componentNames() {
        return Arrays.stream(UserChangedEvent.class.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The schema's type of a property, in the same notation as {@link #expectedSchemaType}. */
    private static String describe(JsonNode property) {
        String type = property.get("type").asText();
        return switch (type) {
            case "array" -> (property.path("uniqueItems").asBoolean() ? "set<" : "array<")
                    + property.at("/items/type").asText() + ">";
            case "object" -> "map<" + property.at("/additionalProperties/type").asText() + ">";
            case "string" -> property.has("format") ? "string:" + property.get("format").asText()
                    : property.has("enum") ? "string:enum" : "string";
            default -> type;
        };
    }

    private static String expectedSchemaType(Type javaType) {
        if (javaType instanceof ParameterizedType parameterized) {
            Type raw = parameterized.getRawType();
            Type[] args = parameterized.getActualTypeArguments();
            if (raw == List.class) {
                return "array<" + expectedSchemaType(args[0]) + ">";
            }
            if (raw == Set.class) {
                return "set<" + expectedSchemaType(args[0]) + ">";
            }
            if (raw == Map.class && args[0] == String.class) {
                return "map<" + expectedSchemaType(args[1]) + ">";
            }
        }
        if (javaType == String.class) {
            return "string";
        }
        if (javaType == UUID.class) {
            return "string:uuid";
        }
        if (javaType == UserChangeType.class) {
            return "string:enum";
        }
        if (javaType == boolean.class) {
            return "boolean";
        }
        if (javaType == long.class) {
            return "integer";
        }
        throw new AssertionError("no schema type is defined for Java type " + javaType
                + ": extend the schema and this test together");
    }
}
