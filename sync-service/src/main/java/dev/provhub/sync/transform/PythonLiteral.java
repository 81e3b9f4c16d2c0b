package dev.provhub.sync.transform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Python literals the seed's {@code --attributes-transformation} is written in: lists, dicts and strings
 * in single or double quotes (optionally raw, {@code r'...'}), as {@code ast.literal_eval} would, and nothing
 * else (no code is ever run). Escapes Python knows are decoded; others are kept with their backslash, as Python
 * keeps {@code '\d'}.
 */
final class PythonLiteral {

    /** Rules are a list of dicts: two levels. Deeper input is refused before it can exhaust the stack. */
    static final int MAX_DEPTH = 16;

    private final String text;
    private int at;
    private int depth;

    private PythonLiteral(String text) {
        this.text = text;
    }

    /** A list, dict or string. */
    static Object parse(String text) {
        var parser = new PythonLiteral(text);
        Object value = parser.value();
        parser.space();
        if (parser.at != text.length()) {
            throw parser.error("unexpected text after the end");
        }
        return value;
    }

    private Object value() {
        space();
        if (at >= text.length()) {
            throw error("a value is missing");
        }
        char c = text.charAt(at);
        if (c == '[' || c == '{') {
            if (++depth > MAX_DEPTH) {
                throw error("lists and dicts nest deeper than " + MAX_DEPTH);
            }
            try {
                return c == '[' ? list() : dict();
            } finally {
                depth--;
            }
        }
        if (c == '\'' || c == '"') {
            return string(false);
        }
        if ((c == 'r' || c == 'R') && at + 1 < text.length() && (text.charAt(at + 1) == '\''
                || text.charAt(at + 1) == '"')) {
            at++;
            return string(true);
        }
        throw error("expected a list, a dict or a quoted string");
    }

    private List<Object> list() {
        at++;
        var list = new ArrayList<Object>();
        space();
        if (peek(']')) {
            at++;
            return list;
        }
        while (true) {
            list.add(value());
            space();
            if (peek(',')) {
                at++;
                space();
                if (peek(']')) {
                    at++;
                    return list;
                }
            } else if (peek(']')) {
                at++;
                return list;
            } else {
                throw error("expected ',' or ']'");
            }
        }
    }

    private Map<String, Object> dict() {
        at++;
        var dict = new LinkedHashMap<String, Object>();
        space();
        if (peek('}')) {
            at++;
            return dict;
        }
        while (true) {
            Object key = value();
            if (!(key instanceof String name)) {
                throw error("dict keys must be strings");
            }
            space();
            if (!peek(':')) {
                throw error("expected ':' after the key '" + name + "'");
            }
            at++;
            dict.put(name, value());
            space();
            if (peek(',')) {
                at++;
                space();
                if (peek('}')) {
                    at++;
                    return dict;
                }
            } else if (peek('}')) {
                at++;
                return dict;
            } else {
                throw error("expected ',' or '}'");
            }
        }
    }

    private String string(boolean raw) {
        char quote = text.charAt(at++);
        var out = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == quote) {
                return out.toString();
            }
            if (c == '\\' && at < text.length()) {
                char next = text.charAt(at++);
                if (raw) {
                    out.append('\\').append(next);
                    continue;
                }
                switch (next) {
                    case '\\' -> out.append('\\');
                    case '\'' -> out.append('\'');
                    case '"' -> out.append('"');
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    default -> out.append('\\').append(next);
                }
                continue;
            }
            out.append(c);
        }
        throw error("a string is not closed");
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private void space() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private InvalidTransformationException error(String what) {
        return new InvalidTransformationException("--attributes-transformation: " + what + " at character "
                + (at + 1));
    }
}
