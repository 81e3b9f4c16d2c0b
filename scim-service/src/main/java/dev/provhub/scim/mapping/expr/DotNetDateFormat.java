package dev.provhub.scim.mapping.expr;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * .NET date and time format strings ({@code yyyy-MM-dd}, {@code yyyy-MM-ddTHH:mm:ssZ}, {@code o}) as
 * {@link DateTimeFormatter}s, for {@code [datetime]::ParseExact(...)} and {@code .ToString(...)} in mapping files.
 * Letters that are no .NET specifier ({@code T}, {@code Z}) are literal text, as in .NET; {@code '...'},
 * {@code "..."} and {@code \x} quote. Invariant culture only.
 */
public final class DotNetDateFormat {

    private static final Map<String, DateTimeFormatter> CACHE = new ConcurrentHashMap<>();

    private DotNetDateFormat() {
    }

    /**
     * @param withOffset whether the value formatted has an offset ({@code zzz} and {@code K} need one)
     * @throws IllegalArgumentException when the format cannot be used
     */
    public static DateTimeFormatter formatter(String format, boolean withOffset) {
        return CACHE.computeIfAbsent(format + (withOffset ? "\u0000z" : ""), key -> build(format, withOffset));
    }

    /** Checks a format when a mapping is compiled, so that a bad one is a validation error, not one per record. */
    public static void check(String format) {
        formatter(format, false);
    }

    private static DateTimeFormatter build(String format, boolean withOffset) {
        String custom = switch (format) {
            case "o", "O" -> withOffset ? "yyyy-MM-ddTHH:mm:ss.fffffffzzz" : "yyyy-MM-ddTHH:mm:ss.fffffff";
            case "s" -> "yyyy-MM-ddTHH:mm:ss";
            case "u" -> "yyyy-MM-dd HH:mm:ssZ";
            case "d" -> "MM/dd/yyyy";
            default -> format;
        };
        if (custom.length() == 1 && Character.isLetter(custom.charAt(0))) {
            throw new IllegalArgumentException("the standard date format '" + format + "' is not supported; use "
                    + "o, s, u, d or a custom format such as yyyy-MM-dd");
        }
        var pattern = new StringBuilder();
        int i = 0;
        while (i < custom.length()) {
            char c = custom.charAt(i);
            int run = 1;
            while (i + run < custom.length() && custom.charAt(i + run) == c) {
                run++;
            }
            switch (c) {
                case 'y' -> pattern.append(run == 2 ? "uu" : "u".repeat(Math.max(4, run)));
                case 'M' -> pattern.append("M".repeat(Math.min(run, 4)));
                case 'd' -> pattern.append(run >= 4 ? "EEEE" : run == 3 ? "EEE" : "d".repeat(run));
                case 'H' -> pattern.append("H".repeat(Math.min(run, 2)));
                case 'h' -> pattern.append("h".repeat(Math.min(run, 2)));
                case 'm' -> pattern.append("m".repeat(Math.min(run, 2)));
                case 's' -> pattern.append("s".repeat(Math.min(run, 2)));
                case 'f', 'F' -> pattern.append("S".repeat(Math.min(run, 9)));
                case 't' -> pattern.append("a");
                case 'z' -> {
                    if (!withOffset) {
                        throw new IllegalArgumentException("the format '" + format + "' writes an offset (z) but "
                                + "the date has none");
                    }
                    pattern.append(run >= 3 ? "xxx" : "x");
                }
                case 'K' -> {
                    if (withOffset) {
                        pattern.append("XXX");
                    }
                }
                case '\'', '"' -> {
                    int end = custom.indexOf(c, i + 1);
                    if (end < 0) {
                        throw new IllegalArgumentException("unclosed quote in date format '" + format + "'");
                    }
                    literal(pattern, custom.substring(i + 1, end));
                    i = end + 1;
                    continue;
                }
                case '\\' -> {
                    if (i + 1 >= custom.length()) {
                        throw new IllegalArgumentException("date format '" + format + "' ends with a backslash");
                    }
                    literal(pattern, String.valueOf(custom.charAt(i + 1)));
                    i += 2;
                    continue;
                }
                default -> literal(pattern, String.valueOf(c).repeat(run));
            }
            i += run;
        }
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern.toString())
                .parseDefaulting(ChronoField.HOUR_OF_DAY, 0).parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
                .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0).parseDefaulting(ChronoField.NANO_OF_SECOND, 0)
                .toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    }

    private static void literal(StringBuilder pattern, String text) {
        if (text.isEmpty()) {
            return;
        }
        boolean plain = text.chars().noneMatch(ch -> Character.isLetter(ch) || ch == '\'' || ch == '[' || ch == ']'
                || ch == '#' || ch == '{' || ch == '}');
        if (plain) {
            pattern.append(text);
        } else {
            pattern.append('\'').append(text.replace("'", "''")).append('\'');
        }
    }
}
