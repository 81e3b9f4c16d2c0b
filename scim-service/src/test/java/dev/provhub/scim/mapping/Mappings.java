package dev.provhub.scim.mapping;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.provhub.scim.bulk.MappedRecord;
import dev.provhub.scim.bulk.RecordMapper;
import dev.provhub.scim.mapping.expr.Columns;
import dev.provhub.scim.source.HeaderColumns;

/** Test data builders: a mapping compiled against a header, applied to rows given as maps. */
final class Mappings {

    static final ObjectMapper JSON = new ObjectMapper();

    private Mappings() {
    }

    static MappingCompiler.Result compile(String file, String text, List<String> header, String namespace) {
        MappingDocument document = MappingDocument.read(file, text.getBytes(StandardCharsets.UTF_8), 1 << 20);
        Columns columns = header == null ? Columns.UNKNOWN : new HeaderColumns(header);
        return MappingCompiler.standard().compile(document, columns, header == null ? List.of() : header, namespace);
    }

    static CompiledMapping valid(String psd1, List<String> header) {
        MappingCompiler.Result result = compile("test.psd1", psd1, header, null);
        if (!result.valid()) {
            throw new AssertionError("mapping not valid: " + result.errors());
        }
        return result.mapping();
    }

    static JsonNode apply(CompiledMapping mapping, List<String> header, Map<String, String> row) {
        var values = new ArrayList<String>();
        for (String column : header) {
            values.add(row.getOrDefault(column, ""));
        }
        MappedRecord record = new RecordMapper(mapping).map(2, index -> values.get(index));
        try {
            return JSON.readTree(record.data());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The value of {@code attribute} for one expression over a row of named columns. */
    static JsonNode eval(String script, Map<String, String> row) {
        var header = new ArrayList<>(row.keySet());
        String psd1 = "@{\n  externalId = { 'x' }\n  title = " + script + "\n}";
        return apply(valid(psd1, header), header, row).get("title");
    }

    static Map<String, String> row(String... pairs) {
        var row = new LinkedHashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put(pairs[i], pairs[i + 1]);
        }
        return row;
    }
}
