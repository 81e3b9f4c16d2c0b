package dev.provhub.scim.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.provhub.httpapi.InvalidRequestException;
import dev.provhub.httpapi.Roles;
import dev.provhub.scim.config.ScimConfig;
import dev.provhub.scim.mapping.MappingCompiler;
import dev.provhub.scim.mapping.MappingDocument;
import dev.provhub.scim.mapping.expr.Columns;
import dev.provhub.scim.source.CsvSource;

/** -ValidateAttributeMapping over REST. */
@Path("/api/scim/mapping/validate")
@Produces(MediaType.APPLICATION_JSON)
public class MappingResource {

    private final ScimConfig config;

    MappingResource(ScimConfig config) {
        this.config = config;
    }

    /** Whether the mapping is valid, and every issue with its path, file, line and column. */
    public record Validation(boolean valid, List<MappingIssueView> issues) {
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "Validate an attribute mapping", description = "Against the SCIM core User and enterprise "
            + "User schemas and, with a CSV file (part 'csv', its header is enough), against its columns. Every "
            + "issue at once; unknown urn: namespaces are warnings.")
    @APIResponse(responseCode = "200", description = "The validation, valid or not")
    @APIResponse(responseCode = "422", description = "The file cannot be read as a mapping (file, line, column)")
    public Validation validate(@RestForm("mapping") FileUpload mapping, @RestForm("csv") FileUpload csv,
            @RestForm("namespace") String namespace) throws IOException {
        if (mapping == null) {
            throw new InvalidRequestException("mapping", "send the mapping file as the part 'mapping'");
        }
        if (Files.size(mapping.uploadedFile()) > config.mappingMaxBytes()) {
            throw new InvalidRequestException("mapping", "the mapping file is larger than " + config.mappingMaxBytes()
                    + " bytes");
        }
        MappingDocument document = MappingDocument.read(mapping.fileName(), Files.readAllBytes(mapping
                .uploadedFile()), config.mappingMaxBytes());
        MappingCompiler.Result result;
        if (csv != null) {
            try (InputStream in = Files.newInputStream(csv.uploadedFile());
                    CsvSource source = CsvSource.open(in, config.csvDelimiter())) {
                result = MappingCompiler.standard().compile(document, source.columns(), source.columns().names(),
                        namespace);
            }
        } else {
            result = MappingCompiler.standard().compile(document, Columns.UNKNOWN, List.of(), namespace);
        }
        return new Validation(result.valid(), result.issues().stream().map(MappingIssueView::of).toList());
    }
}
