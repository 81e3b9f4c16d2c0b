package dev.provhub.scim.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** -ValidateAttributeMapping: every kind of error, all listed at once, each with its path in the mapping. */
class MappingValidationTest {

    private static final List<String> HEADER = List.of("Id", "Name", "Phone", "Boss");

    @Test
    void listsEveryErrorKindAtOnceWithItsPath() {
        String mapping = """
                @{
                    externalId   = 'Id'
                    userId       = 'Name'
                    name         = @{
                        givenName  = 'Name'
                        nickName   = 'Name'
                    }
                    displayName  = @{ value = 'Name' }
                    emails       = 'Name'
                    phoneNumbers = @( @{ value = 'Phone'; kind = { 'work' } } )
                    addresses    = @( 'Name' )
                    title        = @( 'Name' )
                    active       = 'Status'
                    userName     = { $_.Login }
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" = @{
                        manager = 'Boss'
                        grade   = 'Name'
                    }
                    "urn:ietf:params:scim:schemas:extension:contoso:1.0:User" = @{ hireDate = 'Name' }
                    Title        = 'Name'
                }
                """;
        MappingCompiler.Result result = Mappings.compile("AttributeMapping.psd1", mapping, HEADER, null);
        assertThat(result.valid()).isFalse();
        assertThat(result.mapping()).isNull();
        assertThat(result.issues()).extracting(MappingIssue::kind, MappingIssue::path, i -> i.position().line())
                .containsExactlyInAnyOrder(
                        tuple(MappingIssue.Kind.UNKNOWN_ATTRIBUTE, "userId", 3),
                        tuple(MappingIssue.Kind.UNKNOWN_SUB_ATTRIBUTE, "name.nickName", 6),
                        tuple(MappingIssue.Kind.SIMPLE_AS_HASHTABLE, "displayName", 8),
                        tuple(MappingIssue.Kind.MULTI_VALUED_NOT_ARRAY, "emails", 9),
                        tuple(MappingIssue.Kind.UNKNOWN_SUB_ATTRIBUTE, "phoneNumbers[0].kind", 10),
                        tuple(MappingIssue.Kind.COMPLEX_AS_VALUE, "addresses[0]", 11),
                        tuple(MappingIssue.Kind.SINGLE_VALUED_AS_ARRAY, "title", 12),
                        tuple(MappingIssue.Kind.MISSING_COLUMN, "active", 13),
                        tuple(MappingIssue.Kind.MISSING_COLUMN, "userName", 14),
                        tuple(MappingIssue.Kind.COMPLEX_AS_VALUE,
                                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.manager", 16),
                        tuple(MappingIssue.Kind.UNKNOWN_SUB_ATTRIBUTE,
                                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.grade", 17),
                        tuple(MappingIssue.Kind.UNKNOWN_NAMESPACE,
                                "urn:ietf:params:scim:schemas:extension:contoso:1.0:User", 19),
                        tuple(MappingIssue.Kind.DUPLICATE_ATTRIBUTE, "Title", 20));
        assertThat(result.warnings()).singleElement().extracting(MappingIssue::kind)
                .isEqualTo(MappingIssue.Kind.UNKNOWN_NAMESPACE);
        assertThat(result.errors()).allSatisfy(e -> assertThat(e.position().file()).isEqualTo(
                "AttributeMapping.psd1"));
    }

    @Test
    void anUnknownNamespaceOnlyWarnsAndIsSent() {
        var header = List.of("Id", "Hired");
        MappingCompiler.Result result = Mappings.compile("m.psd1", """
                @{ externalId = 'Id'; "urn:ietf:params:scim:schemas:extension:contoso:1.0:User" = @{ hireDate = 'Hired' } }
                """, header, null);
        assertThat(result.valid()).isTrue();
        JsonNode data = Mappings.apply(result.mapping(), header, Mappings.row("Id", "7", "Hired", "2020-01-01"));
        assertThat(data.get("schemas")).extracting(JsonNode::asText).containsExactly(ScimSchema.CORE_USER,
                "urn:ietf:params:scim:schemas:extension:contoso:1.0:User");
        assertThat(data.at("/urn:ietf:params:scim:schemas:extension:contoso:1.0:User/hireDate").asText())
                .isEqualTo("2020-01-01");
    }

    @Test
    void withoutACsvColumnsAreNotChecked() {
        assertThat(Mappings.compile("m.psd1", "@{ externalId = 'Anything'; title = { $_.Other } }", null, null)
                .valid()).isTrue();
    }

    @Test
    void theSameMappingReadsFromJsonAndYaml() {
        var header = List.of("Id", "Status", "First");
        String json = """
                {"externalId": "Id", "active": {"$expr": "$_.Status -eq 'Active'"},
                 "name": {"givenName": "First"}, "emails": [{"type": {"$expr": "'work'"}, "value": "First"}]}
                """;
        String yaml = """
                externalId: Id
                active: {$expr: "$_.Status -eq 'Active'"}
                name:
                  givenName: First
                emails:
                  - type: {$expr: "'work'"}
                    value: First
                """;
        String psd1 = """
                @{ externalId = 'Id'; active = { $_.Status -eq 'Active' }; name = @{ givenName = 'First' }
                   emails = @( @{ type = { 'work' }; value = 'First' } ) }
                """;
        var row = Mappings.row("Id", "1", "Status", "Active", "First", "Aino");
        JsonNode fromJson = Mappings.apply(valid("m.json", json, header), header, row);
        JsonNode fromYaml = Mappings.apply(valid("m.yaml", yaml, header), header, row);
        JsonNode fromPsd1 = Mappings.apply(valid("m.psd1", psd1, header), header, row);
        assertThat(fromJson).isEqualTo(fromPsd1);
        assertThat(fromYaml).isEqualTo(fromPsd1);
        assertThat(fromPsd1.get("active").asBoolean()).isTrue();
        assertThat(Mappings.compile("bad.json", "{\"title\": {\"$expr\": \"Get-Date\"}}", null, null).errors())
                .singleElement().extracting(i -> i.position().file()).asString().startsWith("bad.json title");
    }

    @Test
    void theDefaultMappingIsTheScripts() {
        var header = List.of("externalId", "userName", "active");
        MappingCompiler.Result result = MappingCompiler.standard().compile(MappingDocument.defaults(),
                new dev.provhub.scim.source.HeaderColumns(header), header, null);
        JsonNode data = Mappings.apply(result.mapping(), header, Mappings.row("externalId", "9", "userName",
                "a@contoso.com", "active", "False"));
        assertThat(data.get("externalId").asText()).isEqualTo("9");
        assertThat(data.get("userName").asText()).isEqualTo("a@contoso.com");
        assertThat(data.get("active").isBoolean()).isTrue();
        assertThat(data.get("active").asBoolean()).isFalse();
    }

    private static CompiledMapping valid(String file, String text, List<String> header) {
        MappingCompiler.Result result = Mappings.compile(file, text, header, null);
        assertThat(result.errors()).isEmpty();
        return result.mapping();
    }
}
