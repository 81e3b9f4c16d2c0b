package dev.provhub.scim.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.provhub.scim.ReferenceFiles;

/**
 * The schemas the service validates mappings against are CSV2SCIM's {@code ScimSchemaRepresentations/}: every
 * attribute, its type, whether it is multi-valued, and its sub-attributes with theirs, in the same order.
 */
class ScimSchemasTest {

    private static ScimSchema reference(String file) throws IOException {
        Path dir = ReferenceFiles.entraInboundProvisioning().resolve("ScimSchemaRepresentations");
        return ScimSchema.read(new ObjectMapper().readTree(dir.resolve(file).toFile()));
    }

    @Test
    void theCoreUserSchemaIsCsv2ScimsUserJson() throws IOException {
        assertThat(ScimSchema.coreUser()).isEqualTo(reference("User.json"));
    }

    @Test
    void theEnterpriseExtensionIsCsv2ScimsEnterpriseUserJson() throws IOException {
        assertThat(ScimSchema.enterpriseUser()).isEqualTo(reference("EnterpriseUser.json"));
    }
}
