package dev.provhub.scim.bulk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import dev.provhub.scim.mapping.CompiledMapping;
import dev.provhub.scim.mapping.expr.EvaluationException;
import dev.provhub.scim.mapping.expr.Row;

/**
 * Applies a compiled mapping to records: the SCIM User JSON, its externalId, stable bulkId and hash. One per
 * thread (it reuses its buffer).
 */
public final class RecordMapper {

    private static final JsonFactory JSON = new JsonFactory();

    private final CompiledMapping mapping;
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(2048);
    private final MessageDigest digest;

    public RecordMapper(CompiledMapping mapping) {
        this.mapping = mapping;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @throws RecordRejectedException when the record has no externalId or an expression fails for it
     */
    public MappedRecord map(long line, Row row) {
        String externalId;
        try {
            externalId = mapping.externalId(row);
        } catch (EvaluationException e) {
            throw new RecordRejectedException(line, null, "externalId: " + e.getMessage());
        }
        if (externalId == null) {
            throw new RecordRejectedException(line, null, "the record has no externalId (the provisioning service "
                    + "matches users on it)");
        }
        buffer.reset();
        try (JsonGenerator json = JSON.createGenerator(buffer)) {
            mapping.write(row, json);
        } catch (EvaluationException e) {
            throw new RecordRejectedException(line, externalId, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = buffer.toByteArray();
        String hash = HexFormat.of().formatHex(digest.digest(bytes));
        return new MappedRecord(line, externalId, BulkIds.of(externalId), new String(bytes, StandardCharsets.UTF_8),
                hash);
    }
}
