package dev.provhub.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every object of both overlays, as {@code kubectl kustomize} renders them, is valid offline: core types read
 * strictly by the fabric8 model (versions from the Quarkus BOM), Strimzi and CloudNativePG resources against their
 * CRDs' schemas. An object of another type fails until this test knows how to validate it.
 */
class ManifestValidationTest {

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyRenderedObjectIsOfATypeThatIsValidated(String overlay) {
        var unknown = new ArrayList<String>();
        for (ObjectNode object : Overlays.render(overlay)) {
            if (!Fabric8Strict.TYPES.containsKey(Fabric8Strict.key(object))
                    && CrdSchemas.customKind(object).isEmpty()) {
                unknown.add(Fabric8Strict.key(object) + " " + object.path("metadata").path("name").asText());
            }
        }
        assertThat(unknown).as("objects no validator knows (add the fabric8 type or the CRD)").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void coreObjectsAreValidForTheFabric8Model(String overlay) {
        var problems = new ArrayList<String>();
        int checked = 0;
        for (ObjectNode object : Overlays.render(overlay)) {
            var type = Fabric8Strict.TYPES.get(Fabric8Strict.key(object));
            if (type != null) {
                Fabric8Strict.check(object, type, where(overlay, object), problems);
                checked++;
            }
        }
        assertThat(checked).as("core objects rendered").isGreaterThan(10);
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void strimziAndCloudNativePgResourcesMatchTheirCrds(String overlay) {
        List<ObjectNode> objects = Overlays.render(overlay);
        if (!CrdSchemas.available()) {
            System.err.println("deploy-tests: " + Repo.CRDS + " is absent: the Strimzi and CloudNativePG resources "
                    + "are NOT validated against their CRDs");
        }
        assumeTrue(CrdSchemas.available(), "the CRDs are not in " + Repo.CRDS);
        var problems = new ArrayList<String>();
        int checked = 0;
        for (ObjectNode object : objects) {
            if (CrdSchemas.customKind(object).isPresent()) {
                CrdSchemas.check(object, where(overlay, object), problems);
                Fabric8Strict.checkMetadata(object, where(overlay, object), problems);
                checked++;
            }
        }
        assertThat(checked).as("custom resources rendered").isGreaterThanOrEqualTo(8);
        assertThat(problems).isEmpty();
    }

    static String where(String overlay, ObjectNode object) {
        return overlay + ": " + object.path("kind").asText() + " " + object.path("metadata").path("name").asText();
    }
}
