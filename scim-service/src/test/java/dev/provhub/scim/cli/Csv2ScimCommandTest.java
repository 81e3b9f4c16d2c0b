package dev.provhub.scim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.provhub.m365sim.M365SimulatorTestResource;
import dev.provhub.scim.ReferenceFiles;
import dev.provhub.scim.ScimServiceTest;

/** csv2scim with the script's parameters: print, validate, update the schema, read the logs, send. */
@ScimServiceTest
class Csv2ScimCommandTest {

    @Inject
    Csv2ScimCommand command;

    private record Outcome(int code, String out, String err) {
    }

    private Outcome run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = command.run(Csv2ScimFlags.parse(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void validatesLikeTheScriptAndListsEveryMissingColumn() {
        Path samples = ReferenceFiles.samples();
        Outcome valid = run("-Path", samples.resolve("csv-with-2-records.csv").toString(), "-AttributeMapping",
                samples.resolve("AttributeMapping.psd1").toString(), "-ValidateAttributeMapping");
        assertThat(valid.code()).isZero();
        assertThat(valid.out().strip()).isEqualTo("True");
        Outcome invalid = run("-path", samples.resolve("Sample1/contractorData.csv").toString(),
                "-attributemapping", samples.resolve("Sample1/AttributeMapping.Contractor.psd1").toString(),
                "-ValidateAttributeMapping");
        assertThat(invalid.code()).isEqualTo(1);
        assertThat(invalid.out()).contains("the column 'externalId' is not in the source").endsWith("False\n");
        assertThat(invalid.out().lines().filter(line -> line.startsWith("error"))).hasSize(17);
    }

    @Test
    void withoutAServicePrincipalItPrintsTheBulkRequests() throws Exception {
        Path samples = ReferenceFiles.samples();
        // the tests configure a service principal; the script's default mode is the one without
        Outcome printed = run("-Path", samples.resolve("csv-with-2-records.csv").toString(), "-AttributeMapping",
                samples.resolve("AttributeMapping.psd1").toString(), "-ScimSchemaNamespace",
                "urn:ietf:params:scim:schemas:extension:csv:1.0:User", "-ServicePrincipalId", "");
        assertThat(printed.code()).as(printed.err()).isZero();
        JsonNode request = new ObjectMapper().readTree(printed.out());
        assertThat(request.get("Operations")).hasSize(2);
        assertThat(request.at("/Operations/0/data/urn:ietf:params:scim:schemas:extension:csv:1.0:User/Custom01")
                .asText()).isEqualTo("T1001");
    }

    @Test
    void readsThePreviousCycleLogs() {
        M365SimulatorTestResource.simulator().reset();
        Outcome none = run("-GetPreviousCycleLogs", "-NumberOfCycles", "2");
        assertThat(none.code()).as(none.err()).isZero();
        assertThat(none.out()).contains("no provisioning cycles");
    }

    @Test
    void refusesUnknownParameters() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Csv2ScimFlags.parse("-Bogus")))
                .hasMessageContaining("unknown parameter -Bogus");
    }
}
