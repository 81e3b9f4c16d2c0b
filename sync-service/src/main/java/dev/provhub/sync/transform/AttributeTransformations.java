package dev.provhub.sync.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The rules of {@code --attributes-transformation}, in order: the seed's syntax (a Python list of dicts with
 * {@code attr_name}, {@code action}, {@code method}) or the same as JSON. Rules for one attribute combine in the
 * order they are written. An optional {@code replacement} key gives a {@code sub} rule's replacement apart from its
 * pattern, for patterns that contain commas.
 */
public final class AttributeTransformations {

    /** The application attributes rules may name besides custom attributes, by their seed names. */
    public static final String USERNAME = "username";
    public static final String FIRST_NAME = "first_name";
    public static final String LAST_NAME = "last_name";
    public static final String EMAIL = "email";
    public static final String TRUSTED_SERVER_USERNAME = "trusted_server_username";

    private static final Map<String, String> ALIASES = Map.of("user_name", USERNAME, "firstname", FIRST_NAME,
            "lastname", LAST_NAME, "mail", EMAIL, "trusted_server_user_name", TRUSTED_SERVER_USERNAME);
    private static final Set<String> KEYS = Set.of("attr_name", "action", "method", "replacement");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<TransformationRule> rules;

    private AttributeTransformations(List<TransformationRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static AttributeTransformations none() {
        return new AttributeTransformations(List.of());
    }

    /**
     * @throws InvalidTransformationException naming what is wrong
     */
    public static AttributeTransformations parse(String text) {
        if (text == null || text.isBlank()) {
            return none();
        }
        Object parsed;
        try {
            parsed = JSON.readValue(text, Object.class);
        } catch (JsonProcessingException notJson) {
            parsed = PythonLiteral.parse(text);
        }
        if (parsed instanceof Map<?, ?>) {
            parsed = List.of(parsed);
        }
        if (!(parsed instanceof List<?> list)) {
            throw new InvalidTransformationException("--attributes-transformation must be a list of rules");
        }
        var rules = new ArrayList<TransformationRule>();
        int number = 0;
        for (Object item : list) {
            number++;
            if (!(item instanceof Map<?, ?> rule)) {
                throw new InvalidTransformationException("--attributes-transformation: rule " + number
                        + " is not a dict with attr_name, action and method");
            }
            rules.add(rule(number, rule));
        }
        return new AttributeTransformations(rules);
    }

    private static TransformationRule rule(int number, Map<?, ?> rule) {
        for (Object key : rule.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                throw new InvalidTransformationException("--attributes-transformation: rule " + number
                        + " has an unknown key '" + key + "' (keys: attr_name, action, method)");
            }
        }
        String attribute = text(rule, "attr_name", number);
        String action = text(rule, "action", number);
        String method = text(rule, "method", number).toLowerCase(Locale.ROOT);
        Object replacement = rule.get("replacement");
        return switch (method) {
            case "match" -> new TransformationRule(canonical(attribute), TransformationRule.Method.MATCH, action, null);
            case "sub" -> {
                if (replacement != null) {
                    yield new TransformationRule(canonical(attribute), TransformationRule.Method.SUB, action,
                            String.valueOf(replacement));
                }
                int comma = action.lastIndexOf(',');
                if (comma < 0) {
                    throw new InvalidTransformationException("--attributes-transformation: rule " + number
                            + ": a 'sub' action is 'pattern,replacement', e.g. '_,@'");
                }
                yield new TransformationRule(canonical(attribute), TransformationRule.Method.SUB,
                        action.substring(0, comma), action.substring(comma + 1));
            }
            default -> throw new InvalidTransformationException("--attributes-transformation: rule " + number
                    + ": method '" + method + "' is neither 'match' nor 'sub'");
        };
    }

    private static String text(Map<?, ?> rule, String key, int number) {
        Object value = rule.get(key);
        if (!(value instanceof String text) || text.isEmpty()) {
            throw new InvalidTransformationException("--attributes-transformation: rule " + number + " needs '" + key
                    + "' as a non-empty string");
        }
        return text;
    }

    /** An attribute name as rules compare it: lower case, {@code -} as {@code _}, aliases resolved. */
    public static String canonical(String attribute) {
        String name = attribute.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return ALIASES.getOrDefault(name, name);
    }

    /** The value after every rule for {@code attribute}, in order. */
    public String apply(String attribute, String value) {
        String name = canonical(attribute);
        String result = value;
        for (TransformationRule rule : rules) {
            if (rule.attribute().equals(name)) {
                result = rule.apply(result);
            }
        }
        return result;
    }

    public List<TransformationRule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }
}
