package dev.provhub.scim.mapping.expr;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

import com.google.re2j.Pattern;

import dev.provhub.scim.mapping.Position;

/**
 * A parsed expression of the safe mapping language: built once when a mapping is compiled, then evaluated for each
 * record without any parsing. Nothing here can reach a file, a process, the network or another class: the nodes
 * are the whole language.
 */
public abstract class Expr {

    final Position at;

    Expr(Position at) {
        this.at = at;
    }

    public Position at() {
        return at;
    }

    /** The value for one record. */
    public abstract Object eval(Row row);

    /** The direct sub-expressions, for binding columns. */
    List<Expr> children() {
        return List.of();
    }

    /**
     * Resolves every column reference against {@code columns}; a name the source does not have is reported to
     * {@code missing} (with its position) unless the columns are {@link Columns#UNKNOWN}.
     */
    public final void bind(Columns columns, BiConsumer<String, Position> missing) {
        if (this instanceof ColumnRef ref) {
            ref.index = columns.indexOf(ref.name);
            if (ref.index < 0 && columns != Columns.UNKNOWN) {
                missing.accept(ref.name, ref.at);
            }
        }
        for (Expr child : children()) {
            child.bind(columns, missing);
        }
    }

    /** Every column the expression reads, in order. */
    public final void columns(List<String> into) {
        if (this instanceof ColumnRef ref) {
            into.add(ref.name);
        }
        for (Expr child : children()) {
            child.columns(into);
        }
    }

    EvaluationException fail(String message) {
        return new EvaluationException(at, message);
    }

    // ---- the nodes

    static final class Literal extends Expr {
        final Object value;

        Literal(Position at, Object value) {
            super(at);
            this.value = value;
        }

        @Override
        public Object eval(Row row) {
            return value;
        }
    }

    /** {@code $_.Column} / {@code $_.'Column'}. */
    static final class ColumnRef extends Expr {
        final String name;
        int index = -1;

        ColumnRef(Position at, String name) {
            super(at);
            this.name = name;
        }

        @Override
        public Object eval(Row row) {
            // a column the source does not have is $null, as PowerShell gives for a missing property
            return index < 0 ? null : row.value(index);
        }
    }

    /** A double-quoted string with {@code $( ... )} inside. */
    static final class Interpolated extends Expr {
        final List<Object> parts;

        Interpolated(Position at, List<Object> parts) {
            super(at);
            this.parts = parts;
        }

        @Override
        public Object eval(Row row) {
            var text = new StringBuilder();
            for (Object part : parts) {
                text.append(part instanceof Expr e ? PsValues.text(e.eval(row)) : (String) part);
            }
            return text.toString();
        }

        @Override
        List<Expr> children() {
            return parts.stream().filter(Expr.class::isInstance).map(Expr.class::cast).toList();
        }
    }

    static final class ArrayOf extends Expr {
        final List<Expr> items;

        ArrayOf(Position at, List<Expr> items) {
            super(at);
            this.items = items;
        }

        @Override
        public Object eval(Row row) {
            var values = new ArrayList<Object>(items.size());
            for (Expr item : items) {
                Object value = item.eval(row);
                if (value instanceof List<?> list && items.size() == 1) {
                    values.addAll(list);
                } else {
                    values.add(value);
                }
            }
            return values;
        }

        @Override
        List<Expr> children() {
            return items;
        }
    }

    static final class Not extends Expr {
        final Expr operand;

        Not(Position at, Expr operand) {
            super(at);
            this.operand = operand;
        }

        @Override
        public Object eval(Row row) {
            return !PsValues.truth(operand.eval(row));
        }

        @Override
        List<Expr> children() {
            return List.of(operand);
        }
    }

    static final class Logical extends Expr {
        final String op;
        final Expr left;
        final Expr right;

        Logical(Position at, String op, Expr left, Expr right) {
            super(at);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        public Object eval(Row row) {
            boolean l = PsValues.truth(left.eval(row));
            return switch (op) {
                case "and" -> l && PsValues.truth(right.eval(row));
                case "or" -> l || PsValues.truth(right.eval(row));
                default -> l ^ PsValues.truth(right.eval(row));
            };
        }

        @Override
        List<Expr> children() {
            return List.of(left, right);
        }
    }

    /** {@code -eq -ne -lt -gt -le -ge}, {@code -in -notin -contains -notcontains}, with {@code -c} variants. */
    static final class Comparison extends Expr {
        final String op;
        final boolean caseSensitive;
        final Expr left;
        final Expr right;

        Comparison(Position at, String op, boolean caseSensitive, Expr left, Expr right) {
            super(at);
            this.op = op;
            this.caseSensitive = caseSensitive;
            this.left = left;
            this.right = right;
        }

        @Override
        public Object eval(Row row) {
            Object l = left.eval(row);
            Object r = right.eval(row);
            switch (op) {
                case "contains", "notcontains" -> {
                    boolean found = PsValues.elements(l).stream().anyMatch(e -> PsValues.equal(e, r, caseSensitive));
                    return op.equals("contains") == found;
                }
                case "in", "notin" -> {
                    boolean found = PsValues.elements(r).stream().anyMatch(e -> PsValues.equal(l, e, caseSensitive));
                    return op.equals("in") == found;
                }
                default -> {
                    if (l instanceof List<?> list) {
                        // on an array PowerShell filters: the elements for which the comparison holds
                        return new ArrayList<Object>(list.stream().filter(e -> holds(e, r)).toList());
                    }
                    return holds(l, r);
                }
            }
        }

        private boolean holds(Object l, Object r) {
            return switch (op) {
                case "eq" -> PsValues.equal(l, r, caseSensitive);
                case "ne" -> !PsValues.equal(l, r, caseSensitive);
                case "lt" -> PsValues.compare(l, r, caseSensitive) < 0;
                case "gt" -> PsValues.compare(l, r, caseSensitive) > 0;
                case "le" -> PsValues.compare(l, r, caseSensitive) <= 0;
                default -> PsValues.compare(l, r, caseSensitive) >= 0;
            };
        }

        @Override
        List<Expr> children() {
            return List.of(left, right);
        }
    }

    /** {@code -like -notlike -match -notmatch} with a pattern compiled once (RE2J: linear time, no backtracking). */
    static final class PatternMatch extends Expr {
        final Expr left;
        final Pattern pattern;
        final boolean negate;

        PatternMatch(Position at, Expr left, Pattern pattern, boolean negate) {
            super(at);
            this.left = left;
            this.pattern = pattern;
            this.negate = negate;
        }

        @Override
        public Object eval(Row row) {
            Object l = left.eval(row);
            if (l instanceof List<?> list) {
                return new ArrayList<Object>(list.stream().filter(e -> test(e)).toList());
            }
            return test(l);
        }

        private boolean test(Object value) {
            return pattern.matcher(PsValues.text(value)).find() != negate;
        }

        @Override
        List<Expr> children() {
            return List.of(left);
        }
    }

    static final class Replace extends Expr {
        final Expr left;
        final Pattern pattern;
        final String replacement;

        Replace(Position at, Expr left, Pattern pattern, String replacement) {
            super(at);
            this.left = left;
            this.pattern = pattern;
            this.replacement = replacement;
        }

        @Override
        public Object eval(Row row) {
            return pattern.matcher(PsValues.text(left.eval(row))).replaceAll(replacement);
        }

        @Override
        List<Expr> children() {
            return List.of(left);
        }
    }

    /** {@code +}: text joined when the left side is text, numbers added, arrays concatenated. */
    static final class Plus extends Expr {
        final Expr left;
        final Expr right;

        Plus(Position at, Expr left, Expr right) {
            super(at);
            this.left = left;
            this.right = right;
        }

        @Override
        public Object eval(Row row) {
            Object l = left.eval(row);
            Object r = right.eval(row);
            if (l instanceof List<?> list) {
                var joined = new ArrayList<Object>(list);
                joined.addAll(PsValues.elements(r));
                return joined;
            }
            if (l instanceof Long a && r instanceof Long b) {
                return a + b;
            }
            if ((l instanceof Long || l instanceof Double) && PsValues.number(r) != null) {
                return PsValues.number(l) + PsValues.number(r);
            }
            if (l == null) {
                return r;
            }
            return PsValues.text(l) + PsValues.text(r);
        }

        @Override
        List<Expr> children() {
            return List.of(left, right);
        }
    }

    static final class Index extends Expr {
        final Expr target;
        final Expr index;

        Index(Position at, Expr target, Expr index) {
            super(at);
            this.target = target;
            this.index = index;
        }

        @Override
        public Object eval(Row row) {
            Object value = target.eval(row);
            int i = PsValues.integer(index.eval(row), "an index");
            if (value instanceof List<?> list) {
                int at = i < 0 ? list.size() + i : i;
                return at >= 0 && at < list.size() ? list.get(at) : null;
            }
            if (value instanceof String s) {
                int at = i < 0 ? s.length() + i : i;
                return at >= 0 && at < s.length() ? String.valueOf(s.charAt(at)) : null;
            }
            return i == 0 || i == -1 ? value : null;
        }

        @Override
        List<Expr> children() {
            return List.of(target, index);
        }
    }

    /** The string methods on the list: ToLower, ToUpper, Trim, Substring, Replace, Split, and ToString. */
    static final class MethodCall extends Expr {
        final Expr target;
        final String method;
        final List<Expr> args;

        MethodCall(Position at, Expr target, String method, List<Expr> args) {
            super(at);
            this.target = target;
            this.method = method;
            this.args = args;
        }

        @Override
        public Object eval(Row row) {
            Object value = target.eval(row);
            if (value == null) {
                throw fail("You cannot call a method on a null-valued expression (" + method + ")");
            }
            var arguments = new ArrayList<Object>(args.size());
            for (Expr arg : args) {
                arguments.add(arg.eval(row));
            }
            if (method.equals("tostring") && value instanceof DateValue date) {
                return arguments.isEmpty() ? PsValues.text(date) : date.format(PsValues.text(arguments.get(0)));
            }
            String s = PsValues.text(value);
            try {
                return switch (method) {
                    case "tolower" -> s.toLowerCase(Locale.ROOT);
                    case "toupper" -> s.toUpperCase(Locale.ROOT);
                    case "tostring" -> s;
                    case "trim" -> arguments.isEmpty() ? s.strip() : trim(s, PsValues.text(arguments.get(0)));
                    case "substring" -> substring(s, arguments);
                    case "replace" -> s.replace(PsValues.text(arguments.get(0)), PsValues.text(arguments.get(1)));
                    default -> split(s, arguments);
                };
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw fail("Exception calling \"" + method + "\": " + e.getMessage());
            }
        }

        private static String trim(String s, String chars) {
            int start = 0;
            int end = s.length();
            while (start < end && chars.indexOf(s.charAt(start)) >= 0) {
                start++;
            }
            while (end > start && chars.indexOf(s.charAt(end - 1)) >= 0) {
                end--;
            }
            return s.substring(start, end);
        }

        private static String substring(String s, List<Object> arguments) {
            int start = PsValues.integer(arguments.get(0), "startIndex");
            if (start < 0 || start > s.length()) {
                throw new IllegalArgumentException("startIndex " + start + " is outside '" + s + "'");
            }
            if (arguments.size() == 1) {
                return s.substring(start);
            }
            int length = PsValues.integer(arguments.get(1), "length");
            if (length < 0 || start + length > s.length()) {
                throw new IllegalArgumentException("length " + length + " from " + start + " is outside '" + s + "'");
            }
            return s.substring(start, start + length);
        }

        /** .NET's Split(chars...): any of the given characters separates; empty parts are kept. */
        private static List<Object> split(String s, List<Object> arguments) {
            String separators = arguments.isEmpty() ? " "
                    : String.join("", arguments.stream().map(PsValues::text)
                            .toList());
            var parts = new ArrayList<Object>();
            int from = 0;
            for (int i = 0; i < s.length(); i++) {
                if (separators.indexOf(s.charAt(i)) >= 0) {
                    parts.add(s.substring(from, i));
                    from = i + 1;
                }
            }
            parts.add(s.substring(from));
            return parts;
        }

        @Override
        List<Expr> children() {
            var all = new ArrayList<Expr>();
            all.add(target);
            all.addAll(args);
            return all;
        }
    }

    /** {@code [datetime]::ParseExact(value, 'format', $null)}. */
    static final class ParseExact extends Expr {
        final Expr value;
        final String format;
        final DateTimeFormatter formatter;

        ParseExact(Position at, Expr value, String format) {
            super(at);
            this.value = value;
            this.format = format;
            this.formatter = DotNetDateFormat.formatter(format, false);
        }

        @Override
        public Object eval(Row row) {
            Object input = value.eval(row);
            if (input == null) {
                throw fail("Exception calling \"ParseExact\": the value is null");
            }
            String text = PsValues.text(input);
            try {
                TemporalAccessor parsed = formatter.parse(text);
                if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
                    OffsetDateTime dateTime = OffsetDateTime.from(parsed);
                    return new DateValue(dateTime.toLocalDateTime(), dateTime.getOffset());
                }
                return new DateValue(LocalDateTime.from(parsed), null);
            } catch (DateTimeParseException e) {
                throw fail("Exception calling \"ParseExact\": String '" + text
                        + "' was not recognized as a valid DateTime of format '" + format + "'");
            }
        }

        @Override
        List<Expr> children() {
            return List.of(value);
        }
    }

    /** {@code if (...) { } elseif (...) { } else { }}: the value of the branch taken, $null when none is. */
    static final class If extends Expr {
        final List<Expr> conditions;
        final List<Expr> branches;
        final Expr otherwise;

        If(Position at, List<Expr> conditions, List<Expr> branches, Expr otherwise) {
            super(at);
            this.conditions = conditions;
            this.branches = branches;
            this.otherwise = otherwise;
        }

        @Override
        public Object eval(Row row) {
            for (int i = 0; i < conditions.size(); i++) {
                if (PsValues.truth(conditions.get(i).eval(row))) {
                    return branches.get(i).eval(row);
                }
            }
            return otherwise == null ? null : otherwise.eval(row);
        }

        @Override
        List<Expr> children() {
            var all = new ArrayList<Expr>(conditions);
            all.addAll(branches);
            if (otherwise != null) {
                all.add(otherwise);
            }
            return all;
        }
    }
}
