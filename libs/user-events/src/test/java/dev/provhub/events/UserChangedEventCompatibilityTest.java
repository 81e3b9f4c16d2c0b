package dev.provhub.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;

/**
 * Events written under an earlier version of the contract stay readable forever. The samples and the schema under
 * {@code compat/v1/} are frozen copies: never edit them; add a {@code v2/} folder when the contract grows.
 */
class UserChangedEventCompatibilityTest {

    static final JsonSchema CURRENT = Schemas.schema(UserChangedEventJson.SCHEMA_RESOURCE);
    static final JsonNode CURRENT_TREE = Schemas.tree(UserChangedEventJson.SCHEMA_RESOURCE);
    static final JsonNode V1_TREE = Schemas.tree("/compat/v1/user-changed-event.schema.json");

    @ParameterizedTest
    @EnumSource(UserChangeType.class)
    void v1SampleOfEveryTypeIsValidAndReadable(UserChangeType type) throws IOException {
        String json = sample("v1", type);

        assertThat(Schemas.errors(CURRENT, json)).isEmpty();
        UserChangedEvent event = UserChangedEventJson.read(json);
        assertThat(event.type()).isEqualTo(type);
        assertThat(UserChangedEventJson.read(UserChangedEventJson.write(event))).isEqualTo(event);
    }

    @Test
    void v1SamplesKeepTheirValues() throws IOException {
        UserChangedEvent created = UserChangedEventJson.read(sample("v1", UserChangeType.CREATED));
        assertThat(created.version()).isEqualTo(1);
        assertThat(created.employeeNumber()).isEqualTo("9823459");
        assertThat(created.upn()).isEqualTo("aapo.kiilunen@example.org");
        assertThat(created.orgs()).containsExactly("/Root/Moran");
        assertThat(created.attributes()).containsEntry("DateOfBirth", "2010-04-01");

        UserChangedEvent limbo = UserChangedEventJson.read(sample("v1", UserChangeType.DEACTIVATED));
        assertThat(limbo.limbo()).isTrue();
        assertThat(limbo.active()).isFalse();
    }

    @Test
    void currentSchemaOnlyAddsToV1() {
        JsonNode v1Properties = V1_TREE.get("properties");
        JsonNode currentProperties = CURRENT_TREE.get("properties");
        v1Properties.fieldNames().forEachRemaining(name -> {
            assertThat(currentProperties.has(name)).as("field %s was removed", name).isTrue();
            assertThat(currentProperties.get(name).get("type")).as("type of %s changed", name)
                    .isEqualTo(v1Properties.get(name).get("type"));
        });

        Set<String> v1Required = names(V1_TREE.get("required"));
        assertThat(names(CURRENT_TREE.get("required"))).as("no new field may become required")
                .isSubsetOf(v1Required);
        assertThat(names(CURRENT_TREE.at("/properties/type/enum"))).as("no change type may disappear")
                .containsAll(names(V1_TREE.at("/properties/type/enum")));
    }

    @Test
    void readersIgnoreFieldsAddedByNewerProducers() throws IOException {
        String fromTheFuture = sample("v1", UserChangeType.UPDATED)
                .replaceFirst("\\{", "{\"pronouns\":\"they\",\"manager\":{\"id\":\"42\"},");

        assertThat(UserChangedEventJson.read(fromTheFuture))
                .isEqualTo(UserChangedEventJson.read(sample("v1", UserChangeType.UPDATED)));
    }

    private static Set<String> names(JsonNode array) {
        var names = new HashSet<String>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }

    private static String sample(String version, UserChangeType type) throws IOException {
        String resource = "/compat/" + version + "/" + type.wireName() + ".json";
        try (InputStream in = UserChangedEventCompatibilityTest.class.getResourceAsStream(resource)) {
            assertThat(in).as("a committed sample " + resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
