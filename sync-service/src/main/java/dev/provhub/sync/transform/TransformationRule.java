package dev.provhub.sync.transform;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * One rule of {@code --attributes-transformation}, on the linear-time RE2J engine (a hostile pattern cannot hang a
 * run):
 * <ul>
 * <li>{@code match}: the pattern must match at the start of the value (Python's {@code re.match}); the value
 * becomes the first group, or the whole match when the pattern has no group. A value that does not match is
 * kept;</li>
 * <li>{@code sub}: every match is replaced (Python's {@code re.sub}); the action is {@code pattern,replacement}
 * split at its last comma, {@code \1} and {@code \g<name>} refer to groups.</li>
 * </ul>
 *
 * @param attribute the application attribute it changes: {@code username}, {@code first_name}, {@code last_name},
 *        {@code email}, {@code trusted_server_username} or a custom attribute's name
 */
public record TransformationRule(String attribute, Method method, String pattern, String replacement) {

    public enum Method {
        MATCH,
        SUB
    }

    public TransformationRule {
        compile(pattern);
        if (replacement != null) {
            re2jReplacement(replacement);
        }
    }

    public String apply(String value) {
        if (value == null) {
            return null;
        }
        Matcher matcher = compile(pattern).matcher(value);
        if (method == Method.MATCH) {
            if (!matcher.lookingAt()) {
                return value;
            }
            return matcher.groupCount() >= 1 && matcher.group(1) != null ? matcher.group(1) : matcher.group();
        }
        return matcher.replaceAll(re2jReplacement(replacement));
    }

    private static Pattern compile(String pattern) {
        try {
            return Pattern.compile(pattern);
        } catch (com.google.re2j.PatternSyntaxException e) {
            throw new InvalidTransformationException("--attributes-transformation: the pattern '" + pattern
                    + "' is not valid for the linear-time engine (no look-arounds or back-references): "
                    + e.getDescription());
        }
    }

    /** Python's replacement syntax ({@code \1}, {@code \g<1>}, {@code \g<name>}) in RE2J's ({@code $1}). */
    static String re2jReplacement(String python) {
        var out = new StringBuilder();
        for (int i = 0; i < python.length(); i++) {
            char c = python.charAt(i);
            if (c == '$') {
                out.append("\\$");
            } else if (c == '\\' && i + 1 < python.length()) {
                char next = python.charAt(i + 1);
                if (Character.isDigit(next)) {
                    out.append('$').append(next);
                    i++;
                } else if (next == 'g' && i + 2 < python.length() && python.charAt(i + 2) == '<') {
                    int close = python.indexOf('>', i + 3);
                    if (close < 0) {
                        throw new InvalidTransformationException("--attributes-transformation: an unclosed \\g< in '"
                                + python + "'");
                    }
                    String group = python.substring(i + 3, close);
                    out.append(group.chars().allMatch(Character::isDigit) ? "$" + group : "${" + group + "}");
                    i = close;
                } else if (next == '\\') {
                    out.append("\\\\");
                    i++;
                } else if (next == 'n') {
                    out.append('\n');
                    i++;
                } else if (next == 't') {
                    out.append('\t');
                    i++;
                } else {
                    out.append("\\\\");
                }
            } else if (c == '\\') {
                out.append("\\\\");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
