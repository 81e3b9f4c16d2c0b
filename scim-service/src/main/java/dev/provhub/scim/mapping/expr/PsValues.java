package dev.provhub.scim.mapping.expr;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * PowerShell's conversions, as far as mapping expressions need them. Values are {@code null}, {@link String},
 * {@link Boolean}, {@link Long}, {@link Double}, {@link List} (arrays) and {@link DateValue}.
 */
public final class PsValues {

    private PsValues() {
    }

    /** PowerShell's truth: null, "", 0, false and empty arrays are false. */
    public static boolean truth(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            return !s.isEmpty();
        }
        if (value instanceof Long l) {
            return l != 0;
        }
        if (value instanceof Double d) {
            return d != 0;
        }
        if (value instanceof List<?> list) {
            return list.size() == 1 ? truth(list.get(0)) : !list.isEmpty();
        }
        return true;
    }

    /** PowerShell's string form (invariant culture): True / False, numbers plain, arrays joined by spaces. */
    public static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Double d) {
            return d == Math.rint(d) && !Double.isInfinite(d) ? String.valueOf(d.longValue())
                    : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (value instanceof List<?> list) {
            var joined = new StringJoiner(" ");
            list.forEach(item -> joined.add(text(item)));
            return joined.toString();
        }
        if (value instanceof DateValue date) {
            return date.format("MM/dd/yyyy HH:mm:ss");
        }
        return value.toString();
    }

    /** A number for comparisons, or null when {@code value} is not one and does not read as one. */
    static Double number(Object value) {
        if (value instanceof Long l) {
            return l.doubleValue();
        }
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof String s) {
            String t = s.trim();
            if (t.isEmpty() || !t.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?")) {
                return null;
            }
            return Double.parseDouble(t);
        }
        return null;
    }

    /**
     * {@code -eq} and its friends' comparison: 0 when equal, negative when {@code left} sorts first. Booleans compare
     * as booleans (the right side converted); numbers numerically when both sides are numbers or read as numbers (a
     * deliberate difference: PowerShell would compare a CSV's text "10" with 9 as text); anything else as text,
     * without case unless {@code caseSensitive}.
     */
    static int compare(Object left, Object right, boolean caseSensitive) {
        if (left instanceof Boolean b) {
            return Boolean.compare(b, truth(right));
        }
        if (left instanceof DateValue l && right instanceof DateValue r) {
            return l.compareTo(r);
        }
        Double ln = number(left);
        Double rn = number(right);
        if (ln != null && rn != null) {
            return Double.compare(ln, rn);
        }
        String l = text(left);
        String r = text(right);
        return caseSensitive ? l.compareTo(r) : l.toLowerCase(Locale.ROOT).compareTo(r.toLowerCase(Locale.ROOT));
    }

    static boolean equal(Object left, Object right, boolean caseSensitive) {
        if (left == null || right == null) {
            return left == null && right == null;
        }
        if (left instanceof String l && right instanceof String r) {
            return caseSensitive ? l.equals(r) : l.equalsIgnoreCase(r);
        }
        return compare(left, right, caseSensitive) == 0;
    }

    /** The elements of an array, or the value as a one-element list. */
    static List<Object> elements(Object value) {
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        var one = new ArrayList<Object>();
        one.add(value);
        return one;
    }

    /** A whole number for method arguments (Substring's start and length). */
    static int integer(Object value, String what) {
        Double n = number(value);
        if (n == null || n != Math.rint(n)) {
            throw new IllegalArgumentException(what + " must be a whole number, not '" + text(value) + "'");
        }
        return n.intValue();
    }
}
