package dev.provhub.scim.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.scim.ReferenceFiles;
import dev.provhub.scim.mapping.MappingDocument;
import dev.provhub.scim.mapping.MappingIssue;

/**
 * Microsoft's CSV2SCIM samples, unchanged: their CSV files and mappings produce the bulk requests the reference
 * payloads show, field for field (bulkIds aside), where they correspond.
 */
class MicrosoftSamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> convert(Path csv, Path mapping, String namespace) throws IOException {
        return convert(Files.newInputStream(csv), MappingDocument.read(mapping.getFileName().toString(),
                Files.readAllBytes(mapping), 1 << 20), namespace);
    }

    private static List<JsonNode> convert(InputStream csv, MappingDocument mapping, String namespace)
            throws IOException {
        var requests = new ArrayList<JsonNode>();
        BulkConversion.convert(csv, ',', mapping, namespace, request -> {
            try {
                requests.add(JSON.readTree(request));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        return requests;
    }

    @Test
    void twoRecordsWithTheSampleMapping() throws IOException {
        Path samples = ReferenceFiles.samples();
        List<JsonNode> requests = convert(samples.resolve("csv-with-2-records.csv"),
                samples.resolve("AttributeMapping.psd1"), null);
        assertThat(requests).hasSize(1);
        JsonNode request = requests.get(0);
        assertThat(request.get("schemas").get(0).asText()).isEqualTo(BulkRequestWriter.BULK_REQUEST);
        assertThat(request.get("failOnErrors").isNull()).isTrue();
        assertThat(request.get("Operations")).hasSize(2);
        JsonNode first = request.get("Operations").get(0);
        assertThat(first.get("method").asText()).isEqualTo("POST");
        assertThat(first.get("path").asText()).isEqualTo("/Users");
        assertThat(first.get("bulkId").asText()).isEqualTo(BulkIds.of("1222"));
        assertThat(first.get("data")).isEqualTo(JSON.readTree("""
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "externalId": "1222", "name": {"familyName": "Fleeta", "givenName": "Talya"}, "active": false,
                 "userName": "EMP1222", "displayName": "Talya Fleeta", "nickName": "EMP1222",
                 "userType": "Contractor", "title": "Sales Executive",
                 "addresses": [{"type": "work", "streetAddress": "303 Mansion Ct", "locality": "Chicago",
                                "postalCode": "85434", "country": "UK"}],
                 "phoneNumbers": [{"type": "work", "value": "259-915-1098"}],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "1222",
                     "costCenter": "CC3035", "organization": "Woodgrove", "division": "Electronics",
                     "department": "Sales", "manager": {"value": "1684"}}}
                """));
        assertThat(request.get("Operations").get(1).at("/data/active").asBoolean()).isTrue();
        assertThat(request.get("Operations").get(1).at("/data/externalId").asText()).isEqualTo("1513");
    }

    @Test
    void theCsvNamespacePayloadOfTheReference() throws IOException {
        JsonNode reference = JSON.readTree(ReferenceFiles.samples().resolve("Sample-CSV-2-SCIM-payload.json")
                .toFile());
        JsonNode expected = reference.get("Operations").get(0);
        String urn = "urn:ietf:params:scim:schemas:extension:csv:1.0:User";
        JsonNode row = expected.at("/data").get(urn);
        var header = new ArrayList<String>();
        var values = new ArrayList<String>();
        row.fieldNames().forEachRemaining(name -> {
            header.add(name);
            values.add(row.get(name).asText());
        });
        String csv = csvLine(header) + "\r\n" + csvLine(values) + "\r\n";
        // the reference's externalId is not one of its columns: the mapping gives it as a constant
        String mapping = """
                @{
                    externalId = { '701984' }
                    name       = @{ familyName = 'LastName'; givenName = 'FirstName' }
                    active     = { $_.WorkerStatus -eq 'Active' }
                    username   = 'UserID'
                }
                """;
        JsonNode actual = convert(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                MappingDocument.read("csv.psd1", mapping.getBytes(StandardCharsets.UTF_8), 1 << 20), urn).get(0);
        assertSameRequest(actual, reference, 0);
    }

    @Test
    void theCoreAndEnterprisePayloadOfTheReference() throws IOException {
        JsonNode reference = JSON.readTree(ReferenceFiles.samples()
                .resolve("Extended-SCIM-bulk-request-Core+Enterprise.json").toFile());
        String csv = """
                Id,WorkerID,Login,Formatted,Last,First,Middle,Prefix,Suffix,Display,Nick,Mail,Street,City,Region,Zip,Country,AddressLine,Phone,Type,Title,Language,Locale,Zone,Cost,Org,Division,Department,Boss,BossRef,BossName,Grade,Hired,Leave
                2819c223-7f76-453a-919d-413861904646,701984,bjensen@example.com,"Ms. Barbara J Jensen, III",Jensen,Barbara,Jane,Ms.,III,Babs Jensen,Babs,bjensen@example.com,100 Universal City Plaza,Hollywood,CA,91608,USA,"100 Universal City Plaza
                Hollywood, CA 91608 USA",555-555-5555,Employee,Tour Guide,en-US,en-US,America/Los_Angeles,4130,Universal Studios,Theme Park,Tour Operations,89607,../Users/26118915-6090-4610-87e4-49d8ca9f808d,John Smith,Level-2,2020-01-01,False
                """;
        String mapping = """
                @{
                    id = 'Id'
                    externalId = 'WorkerID'
                    userName = 'Login'
                    name = @{ formatted = 'Formatted'; familyName = 'Last'; givenName = 'First'; middleName = 'Middle'
                              honorificPrefix = 'Prefix'; honorificSuffix = 'Suffix' }
                    displayName = 'Display'
                    nickName = 'Nick'
                    emails = @( @{ value = 'Mail'; type = { 'work' }; primary = { $true } } )
                    addresses = @( @{ type = { 'work' }; streetAddress = 'Street'; locality = 'City'; region = 'Region'
                                      postalCode = 'Zip'; country = 'Country'; formatted = 'AddressLine'
                                      primary = { $true } } )
                    phoneNumbers = @( @{ value = 'Phone'; type = { 'work' } } )
                    userType = 'Type'
                    title = 'Title'
                    preferredLanguage = 'Language'
                    locale = 'Locale'
                    timezone = 'Zone'
                    active = { $true }
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" = @{
                        employeeNumber = 'WorkerID'; costCenter = 'Cost'; organization = 'Org'; division = 'Division'
                        department = 'Department'
                        manager = @{ value = 'Boss'; '$ref' = 'BossRef'; displayName = 'BossName' }
                    }
                    "urn:ietf:params:scim:schemas:extension:sap:2.0:User" = @{
                        payGrade = 'Grade'; hireDate = 'Hired'; onLeave = 'Leave'
                    }
                }
                """;
        // addresses has no 'primary' in the schema representation: the reference sends one that CSV2SCIM would refuse
        var refused = new ArrayList<MappingIssue>();
        try {
            convert(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                    MappingDocument.read("m.psd1", mapping.getBytes(StandardCharsets.UTF_8), 1 << 20), null);
        } catch (MappingInvalidException e) {
            refused.addAll(e.issues());
        }
        assertThat(refused).filteredOn(MappingIssue::error).extracting(MappingIssue::path)
                .containsExactly("addresses[0].primary");
        String accepted = mapping.replaceFirst("formatted = 'AddressLine'\\s+primary = \\{ \\$true } } \\)",
                "formatted = 'AddressLine' } )");
        assertThat(accepted).isNotEqualTo(mapping);
        JsonNode actual = convert(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                MappingDocument.read("m.psd1", accepted.getBytes(StandardCharsets.UTF_8), 1 << 20), null).get(0);
        ((ObjectNode) reference.at("/Operations/0/data/addresses/0")).remove("primary");
        assertSameRequest(actual, reference, 0);
    }

    @Test
    void sample1EmployeesMapAndTheContractorAndInternMappingsNameTheColumnsTheirFilesLack() throws IOException {
        Path sample1 = ReferenceFiles.samples().resolve("Sample1");
        List<JsonNode> employees = convert(sample1.resolve("employeeData.csv"),
                sample1.resolve("AttributeMapping.Employee.psd1"), null);
        long operations = employees.stream().mapToLong(r -> r.get("Operations").size()).sum();
        assertThat(operations).isEqualTo(Files.readAllLines(sample1.resolve("employeeData.csv")).size() - 1);
        assertThat(employees.get(0).at("/Operations/0/data/externalId").asText()).isEqualTo("1513");
        assertThat(employees.get(0).at("/Operations/0/data/name/familyName").asText()).isEqualTo("Fadiman");
        for (String kind : List.of("Contractor", "Intern")) {
            String csv = kind.toLowerCase() + "Data.csv";
            assertThatThrownBy(() -> convert(sample1.resolve(csv), sample1.resolve("AttributeMapping." + kind
                    + ".psd1"), null)).isInstanceOfSatisfying(MappingInvalidException.class,
                            e -> assertThat(
                                    e.issues()).extracting(MappingIssue::path).contains("externalId", "name.familyName",
                                            "emails[0].value", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
                                                    + ".manager.value")
                                    .hasSize(17).doesNotContain("addresses[0].streetAddress"));
        }
    }

    @Test
    void aThousandRecordsMakeRequestsOfFiftyWithStableBulkIds() throws IOException {
        Path samples = ReferenceFiles.samples();
        List<JsonNode> requests = convert(samples.resolve("csv-with-1000-records.csv"),
                samples.resolve("AttributeMapping.psd1"), null);
        long records;
        try (var lines = Files.lines(samples.resolve("csv-with-1000-records.csv"))) {
            records = lines.filter(line -> !line.isBlank()).count() - 1;
        }
        assertThat(requests).hasSize((int) ((records + 49) / 50));
        assertThat(requests).allSatisfy(r -> assertThat(r.get("Operations").size()).isBetween(1, 50));
        assertThat(requests.stream().mapToLong(r -> r.get("Operations").size()).sum()).isEqualTo(records);
        Map<String, String> bulkIds = new HashMap<>();
        for (JsonNode request : requests) {
            for (JsonNode operation : request.get("Operations")) {
                String externalId = operation.at("/data/externalId").asText();
                String previous = bulkIds.putIfAbsent(externalId, operation.get("bulkId").asText());
                assertThat(previous == null || previous.equals(operation.get("bulkId").asText())).isTrue();
            }
        }
        assertThat(bulkIds).hasSize(624);
    }

    /** The same request, field for field, bulkIds aside; paths compare without case (the reference writes /users). */
    private static void assertSameRequest(JsonNode actual, JsonNode reference, int operation) {
        assertThat(actual.get("schemas")).isEqualTo(reference.get("schemas"));
        assertThat(actual.get("failOnErrors")).isEqualTo(reference.get("failOnErrors"));
        JsonNode expected = reference.get("Operations").get(operation);
        JsonNode got = actual.get("Operations").get(0);
        assertThat(got.get("method")).isEqualTo(expected.get("method"));
        assertThat(got.get("path").asText()).isEqualToIgnoringCase(expected.get("path").asText());
        assertThat(got.get("bulkId").asText()).isNotBlank();
        assertThat(got.get("data")).isEqualTo(expected.get("data"));
        assertThat(fieldNames(got.get("data"))).containsExactlyInAnyOrderElementsOf(fieldNames(expected.get("data")));
    }

    private static List<String> fieldNames(JsonNode node) {
        var names = new ArrayList<String>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    private static String csvLine(List<String> values) {
        var line = new StringBuilder();
        for (String value : values) {
            if (!line.isEmpty()) {
                line.append(',');
            }
            line.append('"').append(value.replace("\"", "\"\"")).append('"');
        }
        return line.toString();
    }
}
