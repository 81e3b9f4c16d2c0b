package dev.provhub.importer.org;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How an organisation's file relates to its users. */
public enum ImportMode {
    /** The file lists users to create, update, deactivate or delete (seed 001); users not in it are left alone. */
    PARTIAL("partial"),
    /**
     * The file is the complete list of the organisation's users from one source (UCS@school "single source,
     * partial import"): users of that source missing from the file leave the organisation, and go to limbo when it
     * was their last one.
     */
    FULL("full");

    private final String value;

    ImportMode(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    @JsonCreator
    public static ImportMode of(String value) {
        for (ImportMode mode : values()) {
            if (mode.value.equalsIgnoreCase(value) || mode.name().equalsIgnoreCase(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("importMode must be 'partial' or 'full', not '" + value + "'");
    }
}
