package dev.provhub.scim.bulk;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Writes SCIM BulkRequests as {@code /bulkUpload} takes them: {@code schemas} = the BulkRequest URN, at most
 * {@link #MAX_OPERATIONS} {@code Operations}, each {@code POST} to {@code /Users} with its bulkId and the User as
 * {@code data}, and {@code failOnErrors: null} as CSV2SCIM writes it.
 */
public final class BulkRequestWriter {

    public static final String BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    /** The most operations one bulk request may carry. */
    public static final int MAX_OPERATIONS = 50;

    private static final JsonFactory JSON = new JsonFactory();

    private BulkRequestWriter() {
    }

    /** An operation: its bulkId and its User's JSON. */
    public record Operation(String bulkId, String data) {
    }

    public static String write(List<Operation> operations) {
        if (operations.isEmpty() || operations.size() > MAX_OPERATIONS) {
            throw new IllegalArgumentException("a bulk request has 1 to " + MAX_OPERATIONS + " operations, not "
                    + operations.size());
        }
        var out = new StringWriter(operations.size() * 1024);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("schemas");
            json.writeString(BULK_REQUEST);
            json.writeEndArray();
            json.writeArrayFieldStart("Operations");
            for (Operation operation : operations) {
                json.writeStartObject();
                json.writeStringField("method", "POST");
                json.writeStringField("bulkId", operation.bulkId());
                json.writeStringField("path", "/Users");
                json.writeFieldName("data");
                json.writeRawValue(operation.data());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNullField("failOnErrors");
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
