package dev.provhub.m365sim.graph;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A parsed OData {@code $filter} expression (see {@link FilterParser}), evaluated against objects in Graph's JSON
 * shape. Property names are matched without regard to case, as Graph does; string values compare without case for
 * directory objects and with it where the API says so (provisioning logs).
 */
public sealed interface Filter {

    boolean test(JsonNode object, boolean caseSensitive);

    /** Visits every comparison, function and lambda, for capability checks. */
    void leaves(Consumer<Filter> visitor);

    record Or(List<Filter> parts) implements Filter {
        public boolean test(JsonNode object, boolean caseSensitive) {
            for (Filter part : parts) {
                if (part.test(object, caseSensitive)) {
                    return true;
                }
            }
            return false;
        }

        public void leaves(Consumer<Filter> visitor) {
            parts.forEach(part -> part.leaves(visitor));
        }
    }

    record And(List<Filter> parts) implements Filter {
        public boolean test(JsonNode object, boolean caseSensitive) {
            for (Filter part : parts) {
                if (!part.test(object, caseSensitive)) {
                    return false;
                }
            }
            return true;
        }

        public void leaves(Consumer<Filter> visitor) {
            parts.forEach(part -> part.leaves(visitor));
        }
    }

    record Not(Filter inner) implements Filter {
        public boolean test(JsonNode object, boolean caseSensitive) {
            return !inner.test(object, caseSensitive);
        }

        public void leaves(Consumer<Filter> visitor) {
            visitor.accept(this);
            inner.leaves(visitor);
        }
    }

    /** {@code path op literal}; op is one of eq, ne, gt, ge, lt, le. */
    record Comparison(String path, String operator, Object literal) implements Filter {
        public boolean test(JsonNode object, boolean caseSensitive) {
            JsonNode value = resolve(object, path);
            int order;
            if (literal == null) {
                boolean isNull = value == null || value.isNull();
                return operator.equals("eq") ? isNull : operator.equals("ne") ? !isNull : false;
            }
            if (value == null || value.isNull()) {
                return operator.equals("ne");
            }
            order = compare(value, literal, caseSensitive);
            return switch (operator) {
                case "eq" -> order == 0;
                case "ne" -> order != 0;
                case "gt" -> order > 0;
                case "ge" -> order >= 0;
                case "lt" -> order < 0;
                case "le" -> order <= 0;
                default -> false;
            };
        }

        public void leaves(Consumer<Filter> visitor) {
            visitor.accept(this);
        }
    }

    /** {@code path in ('a', 'b')}. */
    record Membership(String path, List<Object> literals) implements Filter {
        public boolean test(JsonNode object, boolean caseSensitive) {
            JsonNode value = resolve(object, path);
            if (value == null || value.isNull()) {
                return literals.contains(null);
            }
            for (Object literal : literals) {
                if (literal != null && compare(value, literal, caseSensitive) == 0) {
                    return true;
                }
            }
            return false;
        }

        public void leaves(Consumer<Filter> visitor) {
            visitor.accept(this);
        }
    }

    /** {@code startswith(path, 'x')}, {@code endswith}, {@code contains}. */
    record TextFunction(String function, String path, String argument) implements Filter {
        public boolean test(JsonNode object, boolean caseSensitive) {
            JsonNode value = resolve(object, path);
            if (value == null || !value.isTextual()) {
                return false;
            }
            String text = caseSensitive ? value.asText() : value.asText().toLowerCase(Locale.ROOT);
            String wanted = caseSensitive ? argument : argument.toLowerCase(Locale.ROOT);
            return switch (function) {
                case "startswith" -> text.startsWith(wanted);
                case "endswith" -> text.endsWith(wanted);
                default -> text.contains(wanted);
            };
        }

        public void leaves(Consumer<Filter> visitor) {
            visitor.accept(this);
        }
    }

    /** {@code path/any(c: c eq 'x')}: true when one element of the collection matches. */
    record Any(String path, String variable, Filter inner) implements Filter {
        public boolean test(JsonNode object, boolean caseSensitive) {
            JsonNode collection = resolve(object, path);
            if (collection == null || !collection.isArray()) {
                return false;
            }
            for (JsonNode element : collection) {
                var scope = dev.provhub.m365sim.http.GraphJson.object();
                scope.set(variable, element);
                if (inner.test(scope, caseSensitive)) {
                    return true;
                }
            }
            return false;
        }

        public void leaves(Consumer<Filter> visitor) {
            visitor.accept(this);
        }
    }

    /** A property by its {@code a/b} path, names matched without case. */
    static JsonNode resolve(JsonNode object, String path) {
        JsonNode current = object;
        for (String segment : path.split("/")) {
            if (current == null || !current.isObject()) {
                return null;
            }
            JsonNode next = current.get(segment);
            if (next == null) {
                for (Iterator<Map.Entry<String, JsonNode>> fields = current.fields(); fields.hasNext();) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    if (field.getKey().equalsIgnoreCase(segment)) {
                        next = field.getValue();
                        break;
                    }
                }
            }
            current = next;
        }
        return current;
    }

    private static int compare(JsonNode value, Object literal, boolean caseSensitive) {
        if (literal instanceof Boolean bool) {
            return value.isBoolean() && value.asBoolean() == bool ? 0 : 1;
        }
        if (literal instanceof Number number) {
            return value.isNumber() ? Double.compare(value.asDouble(), number.doubleValue()) : 1;
        }
        if (literal instanceof Instant instant) {
            try {
                return Instant.parse(value.asText()).compareTo(instant);
            } catch (DateTimeParseException e) {
                return 1;
            }
        }
        String text = value.asText();
        String wanted = literal.toString();
        return caseSensitive ? text.compareTo(wanted) : text.compareToIgnoreCase(wanted);
    }
}
