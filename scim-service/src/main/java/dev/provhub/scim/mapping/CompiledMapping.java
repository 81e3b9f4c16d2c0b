package dev.provhub.scim.mapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.provhub.scim.mapping.expr.Columns;
import dev.provhub.scim.mapping.expr.DateValue;
import dev.provhub.scim.mapping.expr.EvaluationException;
import dev.provhub.scim.mapping.expr.PsValues;
import dev.provhub.scim.mapping.expr.Row;

/**
 * A validated mapping, compiled once per job: a tree of templates whose columns are resolved to indices and whose
 * expressions are parsed, applied to each record with no parsing. It writes the {@code data} of a bulk operation:
 * {@code schemas} (the core User and every URN the mapping uses), the mapped attributes in the mapping's order, and
 * with {@code -ScimSchemaNamespace} every column as a string under that URN.
 */
public final class CompiledMapping {

    private final List<String> schemas;
    private final List<Field> fields;
    private final Template externalId;
    private final String namespace;
    private final List<String> columnNames;
    private final Columns columns;

    CompiledMapping(List<String> schemas, List<Field> fields, Template externalId, String namespace,
            List<String> columnNames, Columns columns) {
        this.schemas = schemas;
        this.fields = fields;
        this.externalId = externalId;
        this.namespace = namespace;
        this.columnNames = columnNames;
        this.columns = columns;
    }

    /** The URNs of {@code data.schemas}. */
    public List<String> schemas() {
        return schemas;
    }

    /** The record's externalId as mapped, or null when the mapping has none or it is empty. */
    public String externalId(Row row) {
        if (externalId == null) {
            return null;
        }
        Object value = externalId.value(row);
        String text = value == null ? null : PsValues.text(value);
        return text == null || text.isEmpty() ? null : text;
    }

    /**
     * Writes the record as a SCIM User object.
     *
     * @throws EvaluationException when an expression fails for this record (the record is refused, with the reason)
     */
    public void write(Row row, JsonGenerator json) {
        try {
            json.writeStartObject();
            json.writeArrayFieldStart("schemas");
            for (String schema : schemas) {
                json.writeString(schema);
            }
            json.writeEndArray();
            for (Field field : fields) {
                json.writeFieldName(field.name());
                field.template().write(row, json);
            }
            if (namespace != null) {
                json.writeObjectFieldStart(namespace);
                for (String column : columnNames) {
                    int index = columns.indexOf(column);
                    json.writeStringField(column, index < 0 ? "" : row.value(index));
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record Field(String name, Template template) {
    }

    /** One node of the compiled tree. */
    public sealed interface Template {

        void write(Row row, JsonGenerator json) throws IOException;

        /** The value without writing it (for the externalId). */
        default Object value(Row row) {
            return null;
        }
    }

    record ObjectTemplate(List<Field> fields) implements Template {
        @Override
        public void write(Row row, JsonGenerator json) throws IOException {
            json.writeStartObject();
            for (Field field : fields) {
                json.writeFieldName(field.name());
                field.template().write(row, json);
            }
            json.writeEndObject();
        }
    }

    record ArrayTemplate(List<Template> items) implements Template {
        @Override
        public void write(Row row, JsonGenerator json) throws IOException {
            json.writeStartArray();
            for (Template item : items) {
                item.write(row, json);
            }
            json.writeEndArray();
        }
    }

    /** A column's text; for a boolean attribute "True" / "False" become booleans and "" null. */
    record ColumnTemplate(int index, boolean bool, String path) implements Template {
        @Override
        public Object value(Row row) {
            return index < 0 ? null : row.value(index);
        }

        @Override
        public void write(Row row, JsonGenerator json) throws IOException {
            if (index < 0) {
                json.writeNull();
            } else if (bool) {
                writeValue(booleanOf(row.value(index), path), json);
            } else {
                json.writeString(row.value(index));
            }
        }
    }

    record ExpressionTemplate(dev.provhub.scim.mapping.expr.Expr expression, boolean bool, String path)
            implements
                Template {
        @Override
        public Object value(Row row) {
            return expression.eval(row);
        }

        @Override
        public void write(Row row, JsonGenerator json) throws IOException {
            Object value = expression.eval(row);
            writeValue(bool && value instanceof String text ? booleanOf(text, path) : value, json);
        }
    }

    record ConstantTemplate(Object constant) implements Template {
        @Override
        public Object value(Row row) {
            return constant;
        }

        @Override
        public void write(Row row, JsonGenerator json) throws IOException {
            writeValue(constant, json);
        }
    }

    static Boolean booleanOf(String text, String path) {
        if (text.isEmpty()) {
            return null;
        }
        if (text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (text.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new EvaluationException(null, path + " is a boolean attribute and '" + text + "' is neither True nor "
                + "False");
    }

    static void writeValue(Object value, JsonGenerator json) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String s) {
            json.writeString(s);
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value instanceof Long l) {
            json.writeNumber(l);
        } else if (value instanceof Double d) {
            json.writeNumber(d);
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                writeValue(item, json);
            }
            json.writeEndArray();
        } else if (value instanceof DateValue date) {
            json.writeString(date.iso());
        } else {
            json.writeString(PsValues.text(value));
        }
    }
}
