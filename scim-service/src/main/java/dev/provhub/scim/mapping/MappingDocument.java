package dev.provhub.scim.mapping;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.provhub.scim.mapping.expr.ExpressionParser;
import dev.provhub.scim.mapping.expr.SourceText;

/**
 * A mapping file read, whatever its format: Microsoft's {@code AttributeMapping.psd1}, or the same mapping as JSON or
 * YAML, where a string names a column and an object {@code {"$expr": "..."}} is a script block in the same language
 * (e.g. {@code "active": {"$expr": "$_.WorkerStatus -eq 'Active'"}}). Its refused script blocks are kept as errors so
 * that validation lists them with everything else.
 *
 * @param name the file's name, as errors show it
 * @param root the top-level table
 * @param syntaxErrors script blocks the safe language refused
 */
public record MappingDocument(String name, MappingValue.Table root, List<MappingException> syntaxErrors) {

    /** The key of a script block in JSON and YAML mappings. */
    public static final String EXPRESSION_KEY = "$expr";

    private static final int MAX_JSON_DEPTH = Psd1Parser.MAX_DEPTH + 2;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_DEPTH).build()).build());
    private static final ObjectMapper YAML = new ObjectMapper(yamlFactory());

    private static YAMLFactory yamlFactory() {
        var options = new LoaderOptions();
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(MAX_JSON_DEPTH);
        options.setAllowRecursiveKeys(false);
        return YAMLFactory.builder().loaderOptions(options)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_DEPTH).build())
                .build();
    }

    /**
     * Reads a mapping file of at most {@code maxBytes}. The format is told by the name's extension ({@code .psd1},
     * {@code .json}, {@code .yaml}/{@code .yml}), else by the content ({@code @{} is PowerShell, <code>{</code> JSON).
     *
     * @throws MappingException when the file cannot be read as a mapping at all
     */
    public static MappingDocument read(String name, byte[] content, long maxBytes) {
        if (content.length > maxBytes) {
            throw new MappingException(new Position(name, 1, 1), "the mapping file has " + content.length
                    + " bytes; at most " + maxBytes + " are accepted");
        }
        String text = decode(name, content);
        String lower = name.toLowerCase(Locale.ROOT);
        String trimmed = text.strip();
        if (lower.endsWith(".json") || (!lower.endsWith(".psd1") && !lower.endsWith(".yaml") && !lower.endsWith(".yml")
                && trimmed.startsWith("{"))) {
            return fromTree(name, parseTree(JSON, name, text));
        }
        if (lower.endsWith(".yaml") || lower.endsWith(".yml") || (!lower.endsWith(".psd1") && !trimmed.startsWith("@"))) {
            return fromTree(name, parseTree(YAML, name, text));
        }
        Psd1Parser.Parsed parsed = Psd1Parser.parse(name, text);
        return new MappingDocument(name, parsed.root(), parsed.errors());
    }

    /** The script's default mapping when none is given: externalId, userName and active from columns of those names. */
    public static MappingDocument defaults() {
        Position at = new Position("(default mapping)", 1, 1);
        return new MappingDocument("(default mapping)", new MappingValue.Table(List.of(
                new MappingValue.Entry("externalId", at, new MappingValue.Column("externalId", at)),
                new MappingValue.Entry("userName", at, new MappingValue.Column("userName", at)),
                new MappingValue.Entry("active", at, new MappingValue.Column("active", at))), at), List.of());
    }

    private static String decode(String name, byte[] content) {
        int skip = content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb
                && (content[2] & 0xff) == 0xbf ? 3 : 0;
        if (content.length >= 2 && ((content[0] & 0xff) == 0xff && (content[1] & 0xff) == 0xfe)) {
            return new String(content, 2, content.length - 2, StandardCharsets.UTF_16LE);
        }
        if (content.length >= 2 && ((content[0] & 0xff) == 0xfe && (content[1] & 0xff) == 0xff)) {
            return new String(content, 2, content.length - 2, StandardCharsets.UTF_16BE);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content, skip, content.length - skip)).toString();
        } catch (CharacterCodingException e) {
            throw new MappingException(new Position(name, 1, 1), "the mapping file is not UTF-8 (or UTF-16 with a "
                    + "byte order mark)");
        }
    }

    private static JsonNode parseTree(ObjectMapper mapper, String name, String text) {
        try {
            JsonNode tree = mapper.readTree(text);
            if (tree == null || !tree.isObject()) {
                throw new MappingException(new Position(name, 1, 1), "a mapping holds one object of attributes");
            }
            return tree;
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw new MappingException(new Position(name, location == null ? 1 : Math.max(1, location.getLineNr()),
                    location == null ? 1 : Math.max(1, location.getColumnNr())), e.getOriginalMessage());
        } catch (IOException e) {
            throw new MappingException(new Position(name, 1, 1), e.getMessage());
        } catch (RuntimeException e) {
            // SnakeYAML's own limits (aliases, nesting) end here
            throw new MappingException(new Position(name, 1, 1), "the mapping cannot be read: " + e.getMessage());
        }
    }

    private static MappingDocument fromTree(String name, JsonNode tree) {
        var errors = new ArrayList<MappingException>();
        MappingValue.Table root = (MappingValue.Table) convert(name, "", tree, errors);
        return new MappingDocument(name, root, errors);
    }

    private static MappingValue convert(String name, String path, JsonNode node, List<MappingException> errors) {
        Position at = new Position(name + (path.isEmpty() ? "" : " " + path), 1, 1);
        if (node.isObject()) {
            if (node.size() == 1 && node.has(EXPRESSION_KEY)) {
                JsonNode expression = node.get(EXPRESSION_KEY);
                if (!expression.isTextual()) {
                    errors.add(new MappingException(at, EXPRESSION_KEY + " holds the expression's text"));
                    return new MappingValue.Script(null, at);
                }
                var source = new SourceText(name + " " + path, expression.asText());
                try {
                    return new MappingValue.Script(ExpressionParser.parseScriptBlock(source, 0,
                            expression.asText().length()), at);
                } catch (MappingException e) {
                    errors.add(e);
                    return new MappingValue.Script(null, at);
                }
            }
            var entries = new ArrayList<MappingValue.Entry>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                entries.add(new MappingValue.Entry(field.getKey(), new Position(name + " " + child, 1, 1),
                        convert(name, child, field.getValue(), errors)));
            }
            return new MappingValue.Table(entries, at);
        }
        if (node.isArray()) {
            var items = new ArrayList<MappingValue>();
            for (int i = 0; i < node.size(); i++) {
                items.add(convert(name, path + "[" + i + "]", node.get(i), errors));
            }
            return new MappingValue.Array(items, at);
        }
        if (node.isTextual()) {
            return new MappingValue.Column(node.asText(), at);
        }
        if (node.isBoolean()) {
            return new MappingValue.Constant(node.asBoolean(), at);
        }
        if (node.isNull()) {
            return new MappingValue.Constant(null, at);
        }
        if (node.isIntegralNumber()) {
            return new MappingValue.Constant(node.asLong(), at);
        }
        return new MappingValue.Constant(node.asDouble(), at);
    }
}
