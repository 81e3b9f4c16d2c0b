package dev.provhub.scim.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.provhub.scim.mapping.expr.ExpressionParser;
import dev.provhub.scim.mapping.expr.SourceText;

/**
 * Reads a PowerShell data file ({@code AttributeMapping.psd1}) as Microsoft writes them, without PowerShell:
 * hashtables {@code @{ key = value }} (bare or quoted keys, entries on lines or separated by {@code ;}), arrays
 * {@code @( ... )}, strings, numbers, {@code $true}/{@code $false}/{@code $null}, comments, and script blocks, whose
 * inside is handed to the safe {@link ExpressionParser}. A script block that the language refuses is recorded and
 * reading goes on, so that every such error of a file is reported at once.
 */
public final class Psd1Parser {

    /** The deepest nesting of hashtables and arrays accepted. */
    public static final int MAX_DEPTH = 32;
    /** The most entries and array items in one file. */
    public static final int MAX_VALUES = 10_000;

    private final SourceText source;
    private final String text;
    private final List<MappingException> errors = new ArrayList<>();
    private int pos;
    private int depth;
    private int values;

    private Psd1Parser(SourceText source) {
        this.source = source;
        this.text = source.text();
    }

    /** The document of a parsed file: its top-level table and the script blocks it refused. */
    public record Parsed(MappingValue.Table root, List<MappingException> errors) {
    }

    /**
     * @throws MappingException when the file is not a PowerShell data file of one hashtable (its structure cannot be
     *         read past that point)
     */
    public static Parsed parse(String file, String text) {
        var parser = new Psd1Parser(new SourceText(file, text));
        parser.skipBlank(true);
        if (!parser.startsWith("@{")) {
            throw new MappingException(parser.here(), "a mapping file holds one hashtable: @{ attribute = 'Column' "
                    + "... }");
        }
        MappingValue.Table root = parser.table();
        parser.skipBlank(true);
        if (parser.pos < text.length()) {
            throw new MappingException(parser.here(), "unexpected text after the mapping's hashtable; a data file "
                    + "holds nothing else (no commands)");
        }
        return new Parsed(root, List.copyOf(parser.errors));
    }

    private MappingValue.Table table() {
        Position at = here();
        pos += 2;
        enter(at);
        var entries = new ArrayList<MappingValue.Entry>();
        while (true) {
            skipBlank(true);
            skipSeparators();
            if (pos >= text.length()) {
                throw new MappingException(at, "the hashtable is not closed ('}' missing)");
            }
            if (text.charAt(pos) == '}') {
                pos++;
                break;
            }
            Position keyAt = here();
            String key = key();
            skipBlank(false);
            if (pos >= text.length() || text.charAt(pos) != '=') {
                throw new MappingException(here(), "expected '=' after the key '" + key + "'");
            }
            pos++;
            skipBlank(true);
            MappingValue value = value();
            entries.add(new MappingValue.Entry(key, keyAt, value));
            count(keyAt);
            skipBlank(false);
            if (pos < text.length() && text.charAt(pos) != ';' && text.charAt(pos) != '\n' && text.charAt(pos) != '\r'
                    && text.charAt(pos) != '}') {
                throw new MappingException(here(), "expected a new line, ';' or '}' after the value of '" + key
                        + "'");
            }
        }
        depth--;
        return new MappingValue.Table(List.copyOf(entries), at);
    }

    private MappingValue.Array array() {
        Position at = here();
        pos += 2;
        enter(at);
        var items = new ArrayList<MappingValue>();
        while (true) {
            skipBlank(true);
            while (pos < text.length() && (text.charAt(pos) == ',' || text.charAt(pos) == ';')) {
                pos++;
                skipBlank(true);
            }
            if (pos >= text.length()) {
                throw new MappingException(at, "the array is not closed (')' missing)");
            }
            if (text.charAt(pos) == ')') {
                pos++;
                break;
            }
            Position itemAt = here();
            items.add(value());
            count(itemAt);
        }
        depth--;
        return new MappingValue.Array(List.copyOf(items), at);
    }

    private MappingValue value() {
        Position at = here();
        if (pos >= text.length()) {
            throw new MappingException(at, "a value is missing at the end of the file");
        }
        if (startsWith("@{")) {
            return table();
        }
        if (startsWith("@(")) {
            return array();
        }
        char c = text.charAt(pos);
        if (c == '{') {
            return scriptBlock();
        }
        if (c == '\'' || c == '"' || c == '\u2018' || c == '\u2019' || c == '\u201c' || c == '\u201d') {
            return new MappingValue.Column(string(), at);
        }
        if (c == '$') {
            int start = ++pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            String name = text.substring(start, pos).toLowerCase(Locale.ROOT);
            return switch (name) {
                case "true" -> new MappingValue.Constant(Boolean.TRUE, at);
                case "false" -> new MappingValue.Constant(Boolean.FALSE, at);
                case "null" -> new MappingValue.Constant(null, at);
                default -> throw new MappingException(at, "the variable $" + text.substring(start, pos) + " is not "
                        + "allowed in a data file (only $true, $false, $null); expressions go in script blocks { }");
            };
        }
        if (Character.isDigit(c) || c == '-') {
            int start = pos++;
            while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                pos++;
            }
            String number = text.substring(start, pos);
            try {
                return new MappingValue.Constant(number.contains(".") ? (Object) Double.parseDouble(number)
                        : (Object) Long.parseLong(number), at);
            } catch (NumberFormatException e) {
                throw new MappingException(at, "'" + number + "' is not a number");
            }
        }
        if (Character.isLetter(c)) {
            int start = pos;
            while (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && text.charAt(pos) != ';'
                    && text.charAt(pos) != '}') {
                pos++;
            }
            throw new MappingException(at, "'" + text.substring(start, pos) + "' is a command or a bare word; a "
                    + "data file holds only strings, numbers, $true/$false/$null, @{ }, @( ) and script blocks { }");
        }
        throw new MappingException(at, "unexpected '" + c + "': a value is a 'Column' string, @{ }, @( ) or a "
                + "script block { }");
    }

    private MappingValue scriptBlock() {
        Position at = here();
        int open = pos;
        int close = closingBrace(open);
        pos = close + 1;
        try {
            return new MappingValue.Script(ExpressionParser.parseScriptBlock(source, open + 1, close), at);
        } catch (MappingException e) {
            errors.add(e);
            return new MappingValue.Script(null, at);
        } catch (StackOverflowError e) {
            errors.add(new MappingException(at, "the script block nests too deeply"));
            return new MappingValue.Script(null, at);
        }
    }

    /** The '}' closing the '{' at {@code open}, skipping strings and comments. */
    private int closingBrace(int open) {
        int level = 0;
        int i = open;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '\u2018' || c == '\u2019') {
                i = skipQuoted(i, c == '\'' ? '\'' : '\u2019', false);
                continue;
            }
            if (c == '"' || c == '\u201c' || c == '\u201d') {
                i = skipQuoted(i, '"', true);
                continue;
            }
            if (c == '#') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '<' && i + 1 < text.length() && text.charAt(i + 1) == '#') {
                int end = text.indexOf("#>", i + 2);
                if (end < 0) {
                    throw new MappingException(source.at(i), "the block comment <# is not closed");
                }
                i = end + 2;
                continue;
            }
            if (c == '{') {
                level++;
            } else if (c == '}') {
                if (--level == 0) {
                    return i;
                }
            }
            i++;
        }
        throw new MappingException(source.at(open), "the script block is not closed ('}' missing)");
    }

    private int skipQuoted(int start, char quote, boolean backtick) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (backtick && c == '`') {
                i += 2;
                continue;
            }
            if (c == quote || (quote == '\u2019' && c == '\'') || (quote == '"' && (c == '\u201c' || c == '\u201d'))
                    || (quote == '\'' && (c == '\u2018' || c == '\u2019'))) {
                if (i + 1 < text.length() && text.charAt(i + 1) == c) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw new MappingException(source.at(start), "the string is not closed");
    }

    private String key() {
        char c = text.charAt(pos);
        if (c == '\'' || c == '"' || c == '\u2018' || c == '\u2019' || c == '\u201c' || c == '\u201d') {
            return string();
        }
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                || text.charAt(pos) == '$' || text.charAt(pos) == '-' || text.charAt(pos) == '.'
                || text.charAt(pos) == ':')) {
            pos++;
        }
        if (pos == start) {
            throw new MappingException(here(), "expected a key (an attribute name) but found '" + c + "'");
        }
        return text.substring(start, pos);
    }

    /** A quoted string of the data file: single quotes as they are, double quotes with escapes but no code. */
    private String string() {
        Position at = here();
        char open = text.charAt(pos);
        boolean doubled = open == '"' || open == '\u201c' || open == '\u201d';
        int end = skipQuoted(pos, doubled ? '"' : open == '\'' ? '\'' : '\u2019', doubled);
        String raw = text.substring(pos + 1, end - 1);
        pos = end;
        if (!doubled) {
            return raw.replace("''", "'").replace("\u2019\u2019", "\u2019");
        }
        var value = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '`' && i + 1 < raw.length()) {
                value.append(raw.charAt(++i));
            } else if (c == '"' && i + 1 < raw.length() && raw.charAt(i + 1) == '"') {
                value.append('"');
                i++;
            } else if (c == '$' && i + 1 < raw.length() && (raw.charAt(i + 1) == '(' || raw.charAt(i + 1) == '{'
                    || Character.isLetter(raw.charAt(i + 1)) || raw.charAt(i + 1) == '_')) {
                throw new MappingException(at, "a string of a data file cannot expand variables or run "
                        + "subexpressions; write a script block { \"$($_.Column)\" } for an expression");
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }

    private void skipBlank(boolean newlines) {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\u00a0' || c == '\f' || c == '\ufeff'
                    || (newlines && (c == '\n' || c == '\r'))) {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                    pos++;
                }
            } else if (c == '<' && pos + 1 < text.length() && text.charAt(pos + 1) == '#') {
                int end = text.indexOf("#>", pos + 2);
                if (end < 0) {
                    throw new MappingException(here(), "the block comment <# is not closed");
                }
                pos = end + 2;
            } else if (c == '`' && pos + 1 < text.length() && (text.charAt(pos + 1) == '\n'
                    || text.charAt(pos + 1) == '\r')) {
                pos += 2;
            } else {
                return;
            }
        }
    }

    private void skipSeparators() {
        while (pos < text.length() && (text.charAt(pos) == ';' || text.charAt(pos) == '\n'
                || text.charAt(pos) == '\r')) {
            pos++;
            skipBlank(true);
        }
    }

    private boolean startsWith(String prefix) {
        return text.startsWith(prefix, pos);
    }

    private void enter(Position at) {
        if (++depth > MAX_DEPTH) {
            throw new MappingException(at, "the mapping nests deeper than " + MAX_DEPTH + " hashtables and arrays");
        }
    }

    private void count(Position at) {
        if (++values > MAX_VALUES) {
            throw new MappingException(at, "the mapping has more than " + MAX_VALUES + " entries");
        }
    }

    private Position here() {
        return source.at(Math.min(pos, text.length()));
    }
}
