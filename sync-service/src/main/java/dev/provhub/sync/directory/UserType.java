package dev.provhub.sync.directory;

import java.util.Arrays;
import java.util.Locale;

/** The kinds of application users the seed knows ({@code -t/--user-type}); new users are {@link #REGULAR}. */
public enum UserType {
    REGULAR,
    ADMINISTRATOR,
    POWER_USER;

    /** {@code regular}, {@code administrator}, {@code power_user}: the seed's spelling. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static UserType fromWireName(String text) {
        return Arrays.stream(values()).filter(t -> t.wireName().equalsIgnoreCase(text.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("invalid choice: '" + text
                        + "' (choose from 'regular', 'administrator', 'power_user')"));
    }
}
