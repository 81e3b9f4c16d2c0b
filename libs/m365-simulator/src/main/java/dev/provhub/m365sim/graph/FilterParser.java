package dev.provhub.m365sim.graph;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.provhub.m365sim.http.GraphException;

/**
 * Parses the part of the OData {@code $filter} grammar Graph offers on directory objects and provisioning logs:
 * {@code eq ne gt ge lt le}, {@code in (...)}, {@code startswith / endswith / contains(path, 'x')},
 * {@code and / or / not}, parentheses, and {@code collection/any(c: ...)}. Literals: quoted strings (a doubled
 * quote escapes one), {@code true / false / null}, numbers and ISO date-times. Anything else is a syntax error, as
 * Graph's parser makes it.
 */
public final class FilterParser {

    private static final Set<String> COMPARISONS = Set.of("eq", "ne", "gt", "ge", "lt", "le");
    private static final Set<String> FUNCTIONS = Set.of("startswith", "endswith", "contains");

    private final String text;
    private int position;
    private String lambdaVariable;

    private FilterParser(String text) {
        this.text = text;
    }

    public static Filter parse(String text) {
        if (text == null || text.isBlank()) {
            throw syntax(text, 0, "the filter is empty");
        }
        var parser = new FilterParser(text);
        Filter filter = parser.or();
        parser.skipSpaces();
        if (parser.position < text.length()) {
            throw syntax(text, parser.position, "unexpected '" + text.substring(parser.position) + "'");
        }
        return filter;
    }

    private Filter or() {
        var parts = new ArrayList<Filter>();
        parts.add(and());
        while (keyword("or")) {
            parts.add(and());
        }
        return parts.size() == 1 ? parts.get(0) : new Filter.Or(parts);
    }

    private Filter and() {
        var parts = new ArrayList<Filter>();
        parts.add(unary());
        while (keyword("and")) {
            parts.add(unary());
        }
        return parts.size() == 1 ? parts.get(0) : new Filter.And(parts);
    }

    private Filter unary() {
        if (keyword("not")) {
            return new Filter.Not(unary());
        }
        return primary();
    }

    private Filter primary() {
        skipSpaces();
        if (peek('(')) {
            position++;
            Filter inner = or();
            expect(')');
            return inner;
        }
        int start = position;
        String name = identifier();
        if (name.isEmpty()) {
            throw syntax(text, start, "expected a property, a function or '('");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        skipSpaces();
        if (FUNCTIONS.contains(lower) && peek('(')) {
            position++;
            String path = path(identifier());
            expect(',');
            Object argument = literal();
            if (!(argument instanceof String string)) {
                throw syntax(text, position, lower + " takes a quoted string");
            }
            expect(')');
            return new Filter.TextFunction(lower, path, string);
        }
        if (lower.endsWith("/any") && peek('(')) {
            position++;
            String collection = path(name.substring(0, name.length() - 4));
            String variable = identifier();
            expect(':');
            String outer = lambdaVariable;
            lambdaVariable = variable;
            Filter inner = or();
            lambdaVariable = outer;
            expect(')');
            return new Filter.Any(collection, variable, inner);
        }
        String path = path(name);
        String operator = identifier().toLowerCase(Locale.ROOT);
        if (operator.equals("in")) {
            expect('(');
            var literals = new ArrayList<Object>();
            do {
                literals.add(literal());
            } while (accept(','));
            expect(')');
            return new Filter.Membership(path, literals);
        }
        if (!COMPARISONS.contains(operator)) {
            throw syntax(text, position, "expected an operator after '" + name + "'");
        }
        return new Filter.Comparison(path, operator, literal());
    }

    /** A property path; inside a lambda, {@code c} is the element itself and {@code c/x} its property. */
    private String path(String name) {
        if (lambdaVariable != null && (name.equals(lambdaVariable) || name.startsWith(lambdaVariable + "/"))) {
            return name;
        }
        return name;
    }

    private Object literal() {
        skipSpaces();
        if (peek('\'')) {
            position++;
            var value = new StringBuilder();
            while (true) {
                if (position >= text.length()) {
                    throw syntax(text, position, "unterminated string literal");
                }
                char c = text.charAt(position++);
                if (c == '\'') {
                    if (peek('\'')) {
                        value.append('\'');
                        position++;
                        continue;
                    }
                    return value.toString();
                }
                value.append(c);
            }
        }
        int start = position;
        while (position < text.length() && !Character.isWhitespace(text.charAt(position))
                && text.charAt(position) != ')' && text.charAt(position) != ',') {
            position++;
        }
        String word = text.substring(start, position);
        switch (word.toLowerCase(Locale.ROOT)) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            case "null":
                return null;
            default:
                break;
        }
        if (word.matches("-?\\d+(\\.\\d+)?")) {
            return word.contains(".") ? (Object) Double.valueOf(word) : (Object) Long.valueOf(word);
        }
        if (word.matches("\\d{4}-\\d{2}-\\d{2}")) {
            try {
                return java.time.LocalDate.parse(word).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw syntax(text, start, "'" + word + "' is not a valid Date");
            }
        }
        if (word.matches("\\d{4}-\\d{2}-\\d{2}T.*")) {
            try {
                return OffsetDateTime.parse(word).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return Instant.parse(word);
                } catch (DateTimeParseException e2) {
                    throw syntax(text, start, "'" + word + "' is not a valid DateTimeOffset");
                }
            }
        }
        throw syntax(text, start, word.isEmpty() ? "expected a literal" : "'" + word + "' is not a literal");
    }

    private String identifier() {
        skipSpaces();
        int start = position;
        while (position < text.length()) {
            char c = text.charAt(position);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '/' || c == '.' || c == '$' || c == '@') {
                position++;
            } else {
                break;
            }
        }
        return text.substring(start, position);
    }

    private boolean keyword(String word) {
        skipSpaces();
        int end = position + word.length();
        if (end <= text.length() && text.substring(position, end).equalsIgnoreCase(word)
                && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
            position = end;
            return true;
        }
        return false;
    }

    private boolean accept(char c) {
        skipSpaces();
        if (peek(c)) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!accept(c)) {
            throw syntax(text, position, "expected '" + c + "'");
        }
    }

    private boolean peek(char c) {
        return position < text.length() && text.charAt(position) == c;
    }

    private void skipSpaces() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private static GraphException syntax(String text, int position, String detail) {
        return GraphException.badRequest("BadRequest",
                "Invalid filter clause: Syntax error at position " + position + " in '" + text + "': " + detail + ".");
    }

    /** The leaves' property paths, for messages. */
    static List<String> paths(Filter filter) {
        var paths = new ArrayList<String>();
        filter.leaves(leaf -> {
            if (leaf instanceof Filter.Comparison c) {
                paths.add(c.path());
            }
        });
        return paths;
    }
}
