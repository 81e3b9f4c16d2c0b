package dev.provhub.importer.password;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * An organisation's initial-password template, e.g. {@code LastName+123!} or {@code 123+firstname+!!!+LASTNAME+321}:
 * parts separated by {@code +}; a part that names a key (FirstName, LastName, DateOfBirth, a profile field, ...)
 * is replaced by the user's value, anything else is kept as written. The key's case sets the value's case: all
 * capitals give an upper-case value, all lower-case a lower-case value, anything else capitalises the first
 * letter.
 */
public final class PasswordFormat {

    private final String template;
    private final List<String> parts;

    private PasswordFormat(String template, List<String> parts) {
        this.template = template;
        this.parts = parts;
    }

    public static PasswordFormat parse(String template) {
        var parts = new ArrayList<String>();
        for (String part : template.split("\\+", -1)) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("newUserPasswordFormat has an empty part: '" + template + "'");
            }
            parts.add(part);
        }
        return new PasswordFormat(template, List.copyOf(parts));
    }

    /**
     * The password for one user.
     *
     * @param valueOf the user's value of a key (case-insensitive), null when the part is not a key
     * @throws MissingPasswordValueException when a key the template uses has no value for this user
     */
    public String render(Function<String, KeyValue> valueOf) {
        var password = new StringBuilder();
        for (String part : parts) {
            KeyValue key = valueOf.apply(part);
            if (key == null) {
                password.append(part);
            } else if (key.value() == null || key.value().isBlank()) {
                throw new MissingPasswordValueException(key.name());
            } else {
                password.append(cased(part, key.value().trim()));
            }
        }
        return password.toString();
    }

    private static String cased(String part, String value) {
        if (part.equals(part.toUpperCase(Locale.ROOT))) {
            return value.toUpperCase(Locale.ROOT);
        }
        if (part.equals(part.toLowerCase(Locale.ROOT))) {
            return value.toLowerCase(Locale.ROOT);
        }
        return value.substring(0, 1).toUpperCase(Locale.ROOT) + value.substring(1);
    }

    @Override
    public String toString() {
        return template;
    }

    /** A key the template may use and the user's value for it. */
    public record KeyValue(String name, String value) {
    }

    /** The template uses a key whose value is empty for the user. */
    public static class MissingPasswordValueException extends RuntimeException {
        public MissingPasswordValueException(String key) {
            super("the password format needs " + key + ", which is empty");
        }
    }
}
