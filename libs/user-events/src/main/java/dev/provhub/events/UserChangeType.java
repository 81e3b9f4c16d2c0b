package dev.provhub.events;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What happened to a user. The wire name is both the event's {@code type} field and its CloudEvents
 * {@code ce_type} header. A move to limbo is a {@link #DEACTIVATED} event whose user has {@code limbo = true}.
 */
public enum UserChangeType {
    CREATED("user.created"),
    UPDATED("user.updated"),
    DEACTIVATED("user.deactivated"),
    REACTIVATED("user.reactivated"),
    DELETED("user.deleted");

    private final String wireName;

    UserChangeType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static UserChangeType fromWireName(String wireName) {
        return Arrays.stream(values())
                .filter(t -> t.wireName.equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown user change type '" + wireName + "'"));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
