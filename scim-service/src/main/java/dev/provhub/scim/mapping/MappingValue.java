package dev.provhub.scim.mapping;

import java.util.List;

import dev.provhub.scim.mapping.expr.Expr;

/**
 * One value of an attribute mapping, as Microsoft's {@code AttributeMapping.psd1} files write them (or the JSON /
 * YAML equivalent): a table (a complex attribute or an extension), an array (a multi-valued attribute), a string (the
 * name of a source column), a script block (an expression, parsed into the safe language, never run as PowerShell),
 * or a constant ({@code $true}, a number).
 */
public sealed interface MappingValue {

    Position at();

    /** What the value is, for messages: "a hashtable", "an array", "a string", "a script block", "a constant". */
    String describe();

    record Entry(String key, Position keyAt, MappingValue value) {
    }

    record Table(List<Entry> entries, Position at) implements MappingValue {
        @Override
        public String describe() {
            return "a hashtable";
        }
    }

    record Array(List<MappingValue> items, Position at) implements MappingValue {
        @Override
        public String describe() {
            return "an array";
        }
    }

    record Column(String name, Position at) implements MappingValue {
        @Override
        public String describe() {
            return "a string (column '" + name + "')";
        }
    }

    record Script(Expr expression, Position at) implements MappingValue {
        @Override
        public String describe() {
            return "a script block";
        }
    }

    record Constant(Object value, Position at) implements MappingValue {
        @Override
        public String describe() {
            return "a constant";
        }
    }
}
