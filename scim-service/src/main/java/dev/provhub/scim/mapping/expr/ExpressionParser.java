package dev.provhub.scim.mapping.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import dev.provhub.scim.mapping.MappingException;
import dev.provhub.scim.mapping.Position;

/**
 * Parses the inside of a script block of a mapping file into the safe expression language ({@link Expr}). The
 * grammar is the part of PowerShell such files use; everything else is refused here, naming the file, line and
 * column: commands ({@code Remove-Item}, {@code Invoke-Expression}, {@code &}), variables other than {@code $_},
 * {@code $true}, {@code $false} and {@code $null}, assignments, types other than {@code [datetime]}, methods not on
 * the list, operators not on the list. Nothing is ever run as PowerShell.
 */
public final class ExpressionParser {

    /** The deepest nesting of parentheses, blocks and operators accepted (hostile files nest thousands deep). */
    public static final int MAX_DEPTH = 64;
    /** The longest regular expression or wildcard pattern accepted. */
    public static final int MAX_PATTERN_LENGTH = 1000;

    private static final Set<String> COMPARISONS = Set.of("eq", "ne", "lt", "gt", "le", "ge", "like", "notlike",
            "match", "notmatch", "replace", "in", "notin", "contains", "notcontains");
    private static final Set<String> LOGICAL = Set.of("and", "or", "xor");
    private static final Map<String, int[]> METHODS = Map.of("tolower", new int[] { 0, 0 }, "toupper",
            new int[] { 0, 0 }, "trim", new int[] { 0, 1 }, "substring", new int[] { 1, 2 }, "replace",
            new int[] { 2, 2 }, "split", new int[] { 1, 8 }, "tostring", new int[] { 0, 1 });

    private enum Kind {
        STRING,
        DQ_STRING,
        NUMBER,
        VARIABLE,
        OPERATOR,
        WORD,
        LPAREN,
        RPAREN,
        LBRACE,
        RBRACE,
        LBRACKET,
        RBRACKET,
        DOT,
        COMMA,
        PLUS,
        BANG,
        SEMI,
        NEWLINE,
        AT_PAREN,
        SUB_PAREN,
        DCOLON,
        ERROR,
        EOF
    }

    private record Token(Kind kind, String text, int start, int end) {
    }

    private final SourceText source;
    private final List<Token> tokens;
    private int next;
    private int depth;

    private ExpressionParser(SourceText source, int start, int end) {
        this.source = source;
        this.tokens = new Lexer(source, start, end).tokens();
    }

    /**
     * Parses the text of a script block (without its braces) from {@code start} to {@code end}.
     *
     * @throws MappingException naming the position of the first thing refused
     */
    public static Expr parseScriptBlock(SourceText source, int start, int end) {
        var parser = new ExpressionParser(source, start, end);
        Expr body = parser.statements(Kind.EOF);
        parser.expect(Kind.EOF, "end of the script block");
        return body;
    }

    // ---- statements

    /** One statement (an expression or an if), with empty statements around it, up to {@code until}. */
    private Expr statements(Kind until) {
        skipSeparators();
        if (peek().kind == until) {
            return new Expr.Literal(at(peek()), null);
        }
        Expr statement = statement();
        skipSeparators();
        if (peek().kind != until) {
            throw error(peek(), "a script block of a mapping holds one expression or one if statement; found more "
                    + "after it (" + describe(peek()) + ")");
        }
        return statement;
    }

    private Expr statement() {
        Token first = peek();
        if (first.kind == Kind.WORD && first.text.equalsIgnoreCase("if")) {
            return ifStatement();
        }
        Expr expression = expression();
        Token after = peek();
        if (after.kind == Kind.OPERATOR && after.text.equals("=")) {
            throw error(after, "assignments are not allowed in mapping expressions");
        }
        return expression;
    }

    private Expr ifStatement() {
        Token start = take();
        var conditions = new ArrayList<Expr>();
        var branches = new ArrayList<Expr>();
        Expr otherwise = null;
        conditions.add(condition());
        branches.add(block());
        while (true) {
            int mark = next;
            skipNewlines();
            Token word = peek();
            if (word.kind == Kind.WORD && word.text.equalsIgnoreCase("elseif")) {
                take();
                conditions.add(condition());
                branches.add(block());
            } else if (word.kind == Kind.WORD && word.text.equalsIgnoreCase("else")) {
                take();
                otherwise = block();
                break;
            } else {
                next = mark;
                break;
            }
        }
        return new Expr.If(at(start), conditions, branches, otherwise);
    }

    private Expr condition() {
        skipNewlines();
        expect(Kind.LPAREN, "'(' after if");
        enter();
        skipNewlines();
        Expr condition = expression();
        skipNewlines();
        expect(Kind.RPAREN, "')' closing the condition");
        leave();
        return condition;
    }

    private Expr block() {
        skipNewlines();
        expect(Kind.LBRACE, "'{' opening the branch");
        enter();
        Expr body = statements(Kind.RBRACE);
        expect(Kind.RBRACE, "'}' closing the branch");
        leave();
        return body;
    }

    // ---- expressions, loosest first (PowerShell: -and / -or, then comparisons, +, comma, unary, postfix)

    private Expr expression() {
        enter();
        Expr left = comparison();
        while (peek().kind == Kind.OPERATOR && LOGICAL.contains(peek().text)) {
            Token op = take();
            skipNewlines();
            left = new Expr.Logical(at(op), op.text, left, comparison());
        }
        leave();
        return left;
    }

    private Expr comparison() {
        Expr left = additive();
        while (peek().kind == Kind.OPERATOR && !LOGICAL.contains(peek().text) && !peek().text.equals("not")
                && !peek().text.equals("=")) {
            Token op = take();
            skipNewlines();
            String name = op.text;
            boolean caseSensitive = false;
            if (!COMPARISONS.contains(name) && name.length() > 1 && (name.charAt(0) == 'c' || name.charAt(0) == 'i')
                    && COMPARISONS.contains(name.substring(1))) {
                caseSensitive = name.charAt(0) == 'c';
                name = name.substring(1);
            }
            if (!COMPARISONS.contains(name)) {
                throw error(op, "the operator -" + op.text + " is not allowed in mapping expressions (allowed: -eq "
                        + "-ne -lt -gt -le -ge -like -notlike -match -notmatch -replace -in -contains -and -or "
                        + "-not and their -c variants)");
            }
            left = switch (name) {
                case "like", "notlike" -> new Expr.PatternMatch(at(op), left, wildcard(op, additive(), caseSensitive),
                        name.equals("notlike"));
                case "match", "notmatch" -> new Expr.PatternMatch(at(op), left, regex(op, additive(), caseSensitive),
                        name.equals("notmatch"));
                case "replace" -> replace(op, left, caseSensitive);
                default -> new Expr.Comparison(at(op), name, caseSensitive, left, additive());
            };
        }
        return left;
    }

    private Expr replace(Token op, Expr left, boolean caseSensitive) {
        Expr operands = additive();
        Expr patternExpr;
        String replacement = "";
        if (operands instanceof Expr.ArrayOf array && array.items.size() == 2) {
            patternExpr = array.items.get(0);
            replacement = literalText(op, array.items.get(1), "the replacement of -replace");
        } else {
            patternExpr = operands;
        }
        return new Expr.Replace(at(op), left, regex(op, patternExpr, caseSensitive), replacement);
    }

    private Expr additive() {
        Expr left = commaList();
        while (peek().kind == Kind.PLUS) {
            Token op = take();
            skipNewlines();
            left = new Expr.Plus(at(op), left, commaList());
        }
        return left;
    }

    private Expr commaList() {
        Expr first = unary();
        if (peek().kind != Kind.COMMA) {
            return first;
        }
        var items = new ArrayList<Expr>();
        items.add(first);
        while (peek().kind == Kind.COMMA) {
            take();
            skipNewlines();
            items.add(unary());
        }
        return new Expr.ArrayOf(first.at(), items);
    }

    private Expr unary() {
        Token token = peek();
        if (token.kind == Kind.BANG || (token.kind == Kind.OPERATOR && token.text.equals("not"))) {
            take();
            enter();
            Expr operand = unary();
            leave();
            return new Expr.Not(at(token), operand);
        }
        return postfix(primary());
    }

    private Expr postfix(Expr target) {
        Expr result = target;
        while (true) {
            Token token = peek();
            if (token.kind == Kind.DOT) {
                take();
                Token member = take();
                String name;
                if (member.kind == Kind.WORD) {
                    name = member.text;
                } else if (member.kind == Kind.STRING || member.kind == Kind.DQ_STRING) {
                    name = member.text;
                } else {
                    throw error(member, "a property or method name must follow '.'");
                }
                if (peek().kind == Kind.LPAREN && peek().start == member.end) {
                    result = method(member, result, name);
                } else if (result instanceof RowVariable) {
                    result = new Expr.ColumnRef(result.at(), name);
                } else {
                    throw error(member, "only the columns of the record ($_.Column) can be read as properties; '"
                            + name + "' is not allowed");
                }
            } else if (token.kind == Kind.LBRACKET && token.start == previousEnd()) {
                take();
                enter();
                Expr index = expression();
                leave();
                expect(Kind.RBRACKET, "']' closing the index");
                result = new Expr.Index(at(token), result, index);
            } else {
                break;
            }
        }
        if (result instanceof RowVariable row) {
            throw new MappingException(row.at(), "$_ is the whole record; read one of its columns: $_.Column or "
                    + "$_.'Column name'");
        }
        return result;
    }

    private Expr method(Token member, Expr target, String name) {
        String key = name.toLowerCase(Locale.ROOT);
        int[] arity = METHODS.get(key);
        if (arity == null) {
            throw error(member, "the method " + name + "() is not allowed in mapping expressions (allowed: "
                    + "ToLower, ToUpper, Trim, Substring, Replace, Split, ToString)");
        }
        if (target instanceof RowVariable) {
            throw error(member, "methods are called on a column's value ($_.Column." + name + "()), not on $_");
        }
        List<Expr> args = arguments();
        if (args.size() < arity[0] || args.size() > arity[1]) {
            throw error(member, name + "() takes " + (arity[0] == arity[1] ? arity[0] : arity[0] + " to " + arity[1])
                    + " arguments, not " + args.size());
        }
        if (key.equals("tostring") && !args.isEmpty() && args.get(0) instanceof Expr.Literal literal
                && literal.value instanceof String format) {
            try {
                DotNetDateFormat.check(format);
            } catch (IllegalArgumentException e) {
                throw error(member, e.getMessage());
            }
        }
        return new Expr.MethodCall(at(member), target, key, args);
    }

    private List<Expr> arguments() {
        expect(Kind.LPAREN, "'('");
        enter();
        var args = new ArrayList<Expr>();
        skipNewlines();
        if (peek().kind != Kind.RPAREN) {
            while (true) {
                args.add(argument());
                skipNewlines();
                if (peek().kind == Kind.COMMA) {
                    take();
                    skipNewlines();
                    continue;
                }
                break;
            }
        }
        expect(Kind.RPAREN, "')' closing the arguments");
        leave();
        return args;
    }

    /** An argument: an expression without the comma operator (commas separate arguments). */
    private Expr argument() {
        enter();
        Expr left = argumentComparison();
        while (peek().kind == Kind.OPERATOR && LOGICAL.contains(peek().text)) {
            Token op = take();
            left = new Expr.Logical(at(op), op.text, left, argumentComparison());
        }
        leave();
        return left;
    }

    private Expr argumentComparison() {
        Expr left = unary();
        while (peek().kind == Kind.PLUS) {
            Token op = take();
            left = new Expr.Plus(at(op), left, unary());
        }
        return left;
    }

    private Expr primary() {
        Token token = take();
        switch (token.kind) {
            case STRING:
                return new Expr.Literal(at(token), token.text);
            case DQ_STRING:
                return interpolated(token);
            case NUMBER:
                return number(token);
            case VARIABLE:
                return variable(token);
            case LPAREN: {
                enter();
                skipNewlines();
                Expr inner = statementInParentheses();
                skipNewlines();
                expect(Kind.RPAREN, "')'");
                leave();
                return inner;
            }
            case SUB_PAREN: {
                enter();
                skipNewlines();
                Expr inner = statementInParentheses();
                skipNewlines();
                expect(Kind.RPAREN, "')' closing $(");
                leave();
                return inner;
            }
            case AT_PAREN: {
                enter();
                skipNewlines();
                var items = new ArrayList<Expr>();
                if (peek().kind != Kind.RPAREN) {
                    Expr inner = expression();
                    if (inner instanceof Expr.ArrayOf array) {
                        items.addAll(array.items);
                    } else {
                        items.add(inner);
                    }
                }
                skipNewlines();
                expect(Kind.RPAREN, "')' closing @(");
                leave();
                return new Expr.ArrayOf(at(token), items);
            }
            case LBRACKET:
                return typeLiteral(token);
            case LBRACE:
                // a script block inside a script block: Import-PowerShellDataFile nests them; its value is the inner one
                enter();
                Expr inner = statements(Kind.RBRACE);
                expect(Kind.RBRACE, "'}'");
                leave();
                return inner;
            case WORD:
                throw error(token, "commands are not allowed in mapping expressions: '" + token.text + "' would run "
                        + "as a PowerShell command");
            case OPERATOR:
                if (token.text.equals("&") || token.text.equals(".")) {
                    throw error(token, "the call operator '" + token.text + "' is not allowed: mapping expressions "
                            + "never run commands or scripts");
                }
                throw error(token, "unexpected operator -" + token.text);
            case EOF:
                throw error(token, "the expression ends too early");
            default:
                throw error(token, "unexpected " + describe(token));
        }
    }

    private Expr statementInParentheses() {
        Token first = peek();
        if (first.kind == Kind.WORD && first.text.equalsIgnoreCase("if")) {
            return ifStatement();
        }
        return expression();
    }

    private Expr variable(Token token) {
        String name = token.text.toLowerCase(Locale.ROOT);
        return switch (name) {
            case "_", "psitem" -> new RowVariable(at(token));
            case "true" -> new Expr.Literal(at(token), Boolean.TRUE);
            case "false" -> new Expr.Literal(at(token), Boolean.FALSE);
            case "null" -> new Expr.Literal(at(token), null);
            default -> throw error(token, "the variable $" + token.text + " is not allowed: mapping expressions read "
                    + "only the record ($_) and $true, $false, $null");
        };
    }

    private Expr number(Token token) {
        try {
            if (token.text.contains(".") || token.text.toLowerCase(Locale.ROOT).contains("e")) {
                return new Expr.Literal(at(token), Double.parseDouble(token.text));
            }
            return new Expr.Literal(at(token), Long.parseLong(token.text));
        } catch (NumberFormatException e) {
            throw error(token, "'" + token.text + "' is not a number");
        }
    }

    /** {@code [datetime]::ParseExact(...)}; {@code [cultureinfo]::InvariantCulture} as its provider. */
    private Expr typeLiteral(Token open) {
        Token type = take();
        if (type.kind != Kind.WORD) {
            throw error(type, "a type name must follow '['");
        }
        var fullName = new StringBuilder(type.text);
        while (peek().kind == Kind.DOT) {
            take();
            Token part = take();
            if (part.kind != Kind.WORD) {
                throw error(part, "a type name must follow '['");
            }
            fullName.append('.').append(part.text);
        }
        type = new Token(Kind.WORD, fullName.toString(), type.start, type.end);
        expect(Kind.RBRACKET, "']' closing the type name");
        String typeName = type.text.toLowerCase(Locale.ROOT);
        if (peek().kind != Kind.DCOLON) {
            throw error(type, "types cannot be used here: [" + type.text + "] (only [datetime]::ParseExact(...))");
        }
        take();
        Token member = take();
        String memberName = member.text.toLowerCase(Locale.ROOT);
        if ((typeName.equals("cultureinfo") || typeName.equals("globalization.cultureinfo")
                || typeName.equals("system.globalization.cultureinfo")) && memberName.equals("invariantculture")) {
            return new Expr.Literal(at(open), null);
        }
        if (!(typeName.equals("datetime") || typeName.equals("system.datetime"))) {
            throw error(type, "the type [" + type.text + "] is not allowed in mapping expressions: only "
                    + "[datetime]::ParseExact(...) and [cultureinfo]::InvariantCulture");
        }
        if (!memberName.equals("parseexact")) {
            throw error(member, "[datetime]::" + member.text + " is not allowed: only [datetime]::ParseExact(value, "
                    + "'format', $null)");
        }
        List<Expr> args = arguments();
        if (args.size() < 2 || args.size() > 3) {
            throw error(member, "ParseExact takes (value, 'format') or (value, 'format', provider)");
        }
        String format = literalText(member, args.get(1), "the format of ParseExact");
        try {
            return new Expr.ParseExact(at(member), args.get(0), format);
        } catch (IllegalArgumentException e) {
            throw error(member, e.getMessage());
        }
    }

    private Expr interpolated(Token token) {
        var parts = new ArrayList<Object>();
        var text = new StringBuilder();
        String raw = token.text;
        int base = token.start + 1;
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '`' && i + 1 < raw.length()) {
                text.append(escape(raw.charAt(i + 1)));
                i += 2;
            } else if (c == '"' && i + 1 < raw.length() && raw.charAt(i + 1) == '"') {
                text.append('"');
                i += 2;
            } else if (c == '$' && i + 1 < raw.length() && raw.charAt(i + 1) == '(') {
                int close = Lexer.matchingParen(raw, i + 1);
                if (close < 0) {
                    throw new MappingException(source.at(base + i), "'$(' is not closed in the string");
                }
                if (!text.isEmpty()) {
                    parts.add(text.toString());
                    text.setLength(0);
                }
                enter();
                var inner = new ExpressionParser(source, base + i + 2, base + close);
                inner.depth = depth;
                Expr expression = inner.statements(Kind.EOF);
                leave();
                parts.add(expression);
                i = close + 1;
            } else if (c == '$' && i + 1 < raw.length()
                    && (Character.isLetter(raw.charAt(i + 1)) || raw.charAt(i + 1) == '_'
                            || raw.charAt(i + 1) == '{')) {
                throw new MappingException(source.at(base + i), "variables are not expanded in mapping strings; "
                        + "write $($_.Column) for a column, or `$ for a dollar sign");
            } else {
                text.append(c);
                i++;
            }
        }
        if (!text.isEmpty()) {
            parts.add(text.toString());
        }
        if (parts.isEmpty()) {
            return new Expr.Literal(at(token), "");
        }
        if (parts.size() == 1 && parts.get(0) instanceof String only) {
            return new Expr.Literal(at(token), only);
        }
        return new Expr.Interpolated(at(token), parts);
    }

    static char escape(char c) {
        return switch (c) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case '0' -> '\0';
            case 'a' -> '\u0007';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'v' -> '\u000b';
            default -> c;
        };
    }

    // ---- patterns: literal text only, compiled now with RE2J

    private String literalText(Token op, Expr expr, String what) {
        if (expr instanceof Expr.Literal literal && (literal.value instanceof String || literal.value == null)) {
            return literal.value == null ? "" : (String) literal.value;
        }
        throw new MappingException(expr.at(), what + " must be a literal string, so that it is checked once when "
                + "the mapping is compiled");
    }

    private Pattern regex(Token op, Expr patternExpr, boolean caseSensitive) {
        String pattern = literalText(op, patternExpr, "the pattern of -" + op.text);
        return compile(patternExpr.at(), pattern, caseSensitive);
    }

    private Pattern wildcard(Token op, Expr patternExpr, boolean caseSensitive) {
        String pattern = literalText(op, patternExpr, "the pattern of -" + op.text);
        var regex = new StringBuilder("^");
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '[' -> {
                    int close = pattern.indexOf(']', i + 1);
                    if (close < 0) {
                        throw new MappingException(patternExpr.at(), "the wildcard pattern '" + pattern + "' has an "
                                + "unclosed '['");
                    }
                    regex.append('[').append(pattern.substring(i + 1, close).replace("\\", "\\\\")).append(']');
                    i = close;
                }
                case '`' -> {
                    if (i + 1 < pattern.length()) {
                        regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                    }
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return compile(patternExpr.at(), regex.append('$').toString(), caseSensitive);
    }

    private static Pattern compile(Position at, String regex, boolean caseSensitive) {
        if (regex.length() > MAX_PATTERN_LENGTH) {
            throw new MappingException(at, "the pattern is " + regex.length() + " characters long; at most "
                    + MAX_PATTERN_LENGTH + " are allowed");
        }
        try {
            return Pattern.compile(regex, caseSensitive ? Pattern.DOTALL : Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new MappingException(at, "the regular expression '" + regex + "' is not valid or not supported by "
                    + "the linear-time engine (RE2: no backreferences or lookaround): " + e.getDescription());
        } catch (RuntimeException e) {
            throw new MappingException(at, "the regular expression is too large to compile in linear time: "
                    + e.getMessage());
        }
    }

    // ---- tokens

    private Token peek() {
        Token token = tokens.get(next);
        if (token.kind == Kind.ERROR) {
            // the lexer stopped here: what came before is parsed first, so its errors (a command) come first
            throw new MappingException(source.at(token.start), token.text);
        }
        return token;
    }

    private Token take() {
        Token token = peek();
        if (token.kind != Kind.EOF) {
            next++;
        }
        return token;
    }

    private int previousEnd() {
        return next == 0 ? -1 : tokens.get(next - 1).end;
    }

    private void expect(Kind kind, String what) {
        Token token = take();
        if (token.kind != kind) {
            throw error(token, "expected " + what + " but found " + describe(token));
        }
    }

    private void skipNewlines() {
        while (peek().kind == Kind.NEWLINE) {
            next++;
        }
    }

    private void skipSeparators() {
        while (peek().kind == Kind.NEWLINE || peek().kind == Kind.SEMI) {
            next++;
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error(peek(), "the expression nests deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void leave() {
        depth--;
    }

    private Position at(Token token) {
        return source.at(token.start);
    }

    private MappingException error(Token token, String message) {
        return new MappingException(source.at(token.start), message);
    }

    private static String describe(Token token) {
        return switch (token.kind) {
            case EOF -> "the end of the script block";
            case NEWLINE -> "a line break";
            case STRING, DQ_STRING -> "the string '" + token.text + "'";
            case OPERATOR -> "-" + token.text;
            default -> "'" + token.text + "'";
        };
    }

    /** {@code $_} before a property is read: never a value of its own. */
    private static final class RowVariable extends Expr {
        RowVariable(Position at) {
            super(at);
        }

        @Override
        public Object eval(Row row) {
            throw new IllegalStateException("$_ is not a value");
        }
    }

    /** PowerShell's tokens, as far as the language needs them; anything else is refused with its position. */
    private static final class Lexer {

        private final SourceText source;
        private final String text;
        private final int end;
        private int pos;
        private int parens;
        private final List<Token> tokens = new ArrayList<>();

        Lexer(SourceText source, int start, int end) {
            this.source = source;
            this.text = source.text();
            this.pos = start;
            this.end = end;
        }

        List<Token> tokens() {
            while (true) {
                try {
                    skipBlanks();
                    if (pos >= end) {
                        tokens.add(new Token(Kind.EOF, "", end, end));
                        return tokens;
                    }
                    tokens.add(token());
                } catch (MappingException e) {
                    int at = errorOffset(e);
                    tokens.add(new Token(Kind.ERROR, e.reason(), at, at));
                    tokens.add(new Token(Kind.EOF, "", end, end));
                    return tokens;
                }
            }
        }

        private int errorOffset(MappingException e) {
            for (int offset = Math.min(pos, end); offset >= 0; offset--) {
                if (source.at(offset).equals(e.position())) {
                    return offset;
                }
            }
            return pos;
        }

        private void skipBlanks() {
            while (pos < end) {
                char c = text.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\u00a0' || c == '\f') {
                    pos++;
                } else if (c == '`' && pos + 1 < end && (text.charAt(pos + 1) == '\n' || text.charAt(pos + 1) == '\r')) {
                    pos += 2; // line continuation
                } else if (c == '#') {
                    while (pos < end && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                        pos++;
                    }
                } else if (c == '<' && pos + 1 < end && text.charAt(pos + 1) == '#') {
                    int close = text.indexOf("#>", pos + 2);
                    if (close < 0 || close + 2 > end) {
                        throw new MappingException(source.at(pos), "the block comment <# is not closed");
                    }
                    pos = close + 2;
                } else if ((c == '\n' || c == '\r') && parens > 0) {
                    pos++;
                } else {
                    return;
                }
            }
        }

        private Token token() {
            int start = pos;
            char c = text.charAt(pos);
            switch (c) {
                case '\n', '\r':
                    pos++;
                    return new Token(Kind.NEWLINE, "\\n", start, pos);
                case '\'', '\u2018', '\u2019':
                    return singleQuoted(start);
                case '"', '\u201c', '\u201d':
                    return doubleQuoted(start);
                case '$':
                    return dollar(start);
                case '@':
                    if (pos + 1 < end && text.charAt(pos + 1) == '(') {
                        pos += 2;
                        parens++;
                        return new Token(Kind.AT_PAREN, "@(", start, pos);
                    }
                    throw new MappingException(source.at(start), "'@" + (pos + 1 < end ? text.charAt(pos + 1) : "")
                            + "' is not allowed in a mapping expression (only @( ... ) arrays)");
                case '(':
                    pos++;
                    parens++;
                    return new Token(Kind.LPAREN, "(", start, pos);
                case ')':
                    pos++;
                    parens = Math.max(0, parens - 1);
                    return new Token(Kind.RPAREN, ")", start, pos);
                case '{':
                    pos++;
                    return new Token(Kind.LBRACE, "{", start, pos);
                case '}':
                    pos++;
                    return new Token(Kind.RBRACE, "}", start, pos);
                case '[':
                    pos++;
                    return new Token(Kind.LBRACKET, "[", start, pos);
                case ']':
                    pos++;
                    return new Token(Kind.RBRACKET, "]", start, pos);
                case ',':
                    pos++;
                    return new Token(Kind.COMMA, ",", start, pos);
                case '+':
                    pos++;
                    return new Token(Kind.PLUS, "+", start, pos);
                case '!':
                    pos++;
                    if (pos < end && text.charAt(pos) == '=') {
                        throw new MappingException(source.at(start), "'!=' is not PowerShell; use -ne");
                    }
                    return new Token(Kind.BANG, "!", start, pos);
                case ';':
                    pos++;
                    return new Token(Kind.SEMI, ";", start, pos);
                case '&':
                    pos++;
                    return new Token(Kind.OPERATOR, "&", start, pos);
                case '|':
                    throw new MappingException(source.at(start), "pipelines ('|') are not allowed in mapping "
                            + "expressions");
                case '=':
                    pos++;
                    if (pos < end && text.charAt(pos) == '=') {
                        throw new MappingException(source.at(start), "'==' is not PowerShell; use -eq");
                    }
                    return new Token(Kind.OPERATOR, "=", start, pos);
                case ':':
                    if (pos + 1 < end && text.charAt(pos + 1) == ':') {
                        pos += 2;
                        return new Token(Kind.DCOLON, "::", start, pos);
                    }
                    break;
                case '.':
                    boolean afterValue = previousIsValue();
                    if (pos + 1 < end && Character.isDigit(text.charAt(pos + 1)) && !afterValue) {
                        return number(start);
                    }
                    pos++;
                    if (!afterValue && pos < end && text.charAt(pos) != '.') {
                        return new Token(Kind.OPERATOR, ".", start, pos);
                    }
                    return new Token(Kind.DOT, ".", start, pos);
                case '-', '\u2013', '\u2014':
                    return dash(start);
                default:
                    if (Character.isDigit(c)) {
                        return number(start);
                    }
                    if (Character.isLetter(c) || c == '_') {
                        return word(start);
                    }
            }
            throw new MappingException(source.at(start), "the character '" + c + "' is not allowed here");
        }

        private boolean previousIsValue() {
            if (tokens.isEmpty()) {
                return false;
            }
            Token last = tokens.get(tokens.size() - 1);
            return last.end == pos && switch (last.kind) {
                case STRING, DQ_STRING, NUMBER, VARIABLE, WORD, RPAREN, RBRACKET -> true;
                default -> false;
            };
        }

        private Token singleQuoted(int start) {
            var value = new StringBuilder();
            pos++;
            while (pos < end) {
                char c = text.charAt(pos);
                if (c == '\'' || c == '\u2018' || c == '\u2019') {
                    if (pos + 1 < end && (text.charAt(pos + 1) == '\'' || text.charAt(pos + 1) == '\u2019')) {
                        value.append('\'');
                        pos += 2;
                        continue;
                    }
                    pos++;
                    return new Token(Kind.STRING, value.toString(), start, pos);
                }
                value.append(c);
                pos++;
            }
            throw new MappingException(source.at(start), "the string is not closed");
        }

        private Token doubleQuoted(int start) {
            pos++;
            int contentStart = pos;
            while (pos < end) {
                char c = text.charAt(pos);
                if (c == '`') {
                    pos += 2;
                    continue;
                }
                if (c == '$' && pos + 1 < end && text.charAt(pos + 1) == '(') {
                    int close = matchingParen(text.substring(0, end), pos + 1);
                    if (close < 0) {
                        throw new MappingException(source.at(pos), "'$(' is not closed in the string");
                    }
                    pos = close + 1;
                    continue;
                }
                if (c == '"' || c == '\u201c' || c == '\u201d') {
                    if (pos + 1 < end && text.charAt(pos + 1) == '"') {
                        pos += 2;
                        continue;
                    }
                    String raw = text.substring(contentStart, pos);
                    pos++;
                    return new Token(Kind.DQ_STRING, raw, start, pos);
                }
                pos++;
            }
            throw new MappingException(source.at(start), "the string is not closed");
        }

        /** The index of the ')' that closes the '(' at {@code open}, skipping strings; -1 when none. */
        static int matchingParen(String text, int open) {
            int level = 0;
            for (int i = open; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\'') {
                    int close = text.indexOf('\'', i + 1);
                    if (close < 0) {
                        return -1;
                    }
                    i = close;
                } else if (c == '"' && i > open) {
                    int j = i + 1;
                    while (j < text.length() && text.charAt(j) != '"') {
                        j += text.charAt(j) == '`' ? 2 : 1;
                    }
                    i = j;
                } else if (c == '(') {
                    level++;
                } else if (c == ')') {
                    if (--level == 0) {
                        return i;
                    }
                }
            }
            return -1;
        }

        private Token dollar(int start) {
            pos++;
            if (pos < end && text.charAt(pos) == '(') {
                pos++;
                parens++;
                return new Token(Kind.SUB_PAREN, "$(", start, pos);
            }
            if (pos < end && text.charAt(pos) == '{') {
                throw new MappingException(source.at(start), "${...} variables are not allowed in mapping "
                        + "expressions");
            }
            int nameStart = pos;
            while (pos < end && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                    || text.charAt(pos) == ':' && pos + 1 < end && Character.isLetter(text.charAt(pos + 1)))) {
                pos++;
            }
            if (pos == nameStart) {
                throw new MappingException(source.at(start), "'$' must start a variable ($_, $true, $false, $null)");
            }
            return new Token(Kind.VARIABLE, text.substring(nameStart, pos), start, pos);
        }

        private Token dash(int start) {
            pos++;
            int nameStart = pos;
            while (pos < end && Character.isLetter(text.charAt(pos))) {
                pos++;
            }
            if (pos > nameStart) {
                return new Token(Kind.OPERATOR, text.substring(nameStart, pos).toLowerCase(Locale.ROOT), start, pos);
            }
            if (pos < end && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.') && !previousIsValue()) {
                pos = start;
                return number(start);
            }
            throw new MappingException(source.at(start), "subtraction is not supported in mapping expressions");
        }

        private Token number(int start) {
            if (text.charAt(pos) == '-' || text.charAt(pos) == '\u2013' || text.charAt(pos) == '\u2014') {
                pos++;
            }
            while (pos < end && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.'
                    || text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
                pos++;
            }
            if (pos < end && Character.isLetter(text.charAt(pos))) {
                throw new MappingException(source.at(start), "number suffixes and hexadecimal numbers are not "
                        + "supported");
            }
            return new Token(Kind.NUMBER, text.substring(start, pos).replace('\u2013', '-').replace('\u2014', '-'),
                    start, pos);
        }

        private Token word(int start) {
            while (pos < end && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                    || (text.charAt(pos) == '-' && pos + 1 < end && Character.isLetter(text.charAt(pos + 1))
                            && !tokensEndWithDot()))) {
                pos++;
            }
            return new Token(Kind.WORD, text.substring(start, pos), start, pos);
        }

        /** A member name after '.' never takes a '-' (so $_.Name-eq 'x' still reads -eq). */
        private boolean tokensEndWithDot() {
            return !tokens.isEmpty() && tokens.get(tokens.size() - 1).kind == Kind.DOT;
        }
    }
}
