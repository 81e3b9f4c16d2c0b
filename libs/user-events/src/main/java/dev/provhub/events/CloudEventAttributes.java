package dev.provhub.events;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * The CloudEvents 1.0 attributes a {@link UserChangedEvent} travels with on Kafka, in binary content mode: each
 * attribute is a record header ({@code ce_id}, {@code ce_type}, ...) and the record value is the event's JSON.
 *
 * @param id unique id of this event (not of the user); a producer that re-sends an event re-sends this id
 * @param source the producing service as a URI reference, e.g. {@code /provhub/import-service}
 * @param type the change type's wire name, e.g. {@code user.created}
 * @param time when the change was committed
 * @param subject the user id the event is about
 */
public record CloudEventAttributes(UUID id, String source, String type, Instant time, String subject) {

    public static final String SPEC_VERSION = "1.0";
    public static final String HEADER_SPEC_VERSION = "ce_specversion";
    public static final String HEADER_ID = "ce_id";
    public static final String HEADER_SOURCE = "ce_source";
    public static final String HEADER_TYPE = "ce_type";
    public static final String HEADER_TIME = "ce_time";
    public static final String HEADER_SUBJECT = "ce_subject";
    /** In binary mode the data content type is the Kafka {@code content-type} header. */
    public static final String HEADER_CONTENT_TYPE = "content-type";
    public static final String CONTENT_TYPE = "application/json";

    public CloudEventAttributes {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
    }

    /** The attributes for a new event about {@code event}, produced by {@code origin} now. */
    public static CloudEventAttributes forEvent(UUID eventId, UserChangedEvent event, Instant time) {
        return new CloudEventAttributes(eventId, "/provhub/" + event.origin(), event.type().wireName(), time,
                event.key());
    }

    /** The Kafka headers, in binary content mode. */
    public Map<String, String> toHeaders() {
        var headers = new LinkedHashMap<String, String>();
        headers.put(HEADER_SPEC_VERSION, SPEC_VERSION);
        headers.put(HEADER_ID, id.toString());
        headers.put(HEADER_SOURCE, source);
        headers.put(HEADER_TYPE, type);
        headers.put(HEADER_TIME, time.toString());
        if (subject != null) {
            headers.put(HEADER_SUBJECT, subject);
        }
        headers.put(HEADER_CONTENT_TYPE, CONTENT_TYPE);
        return headers;
    }

    /**
     * Reads the attributes back from record headers.
     *
     * @param header the value of a header by name, or null when it is absent
     * @throws IllegalArgumentException when a required attribute is missing or malformed
     */
    public static CloudEventAttributes fromHeaders(Function<String, String> header) {
        String specVersion = header.apply(HEADER_SPEC_VERSION);
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new IllegalArgumentException("not a CloudEvents " + SPEC_VERSION + " record (ce_specversion="
                    + specVersion + ")");
        }
        try {
            return new CloudEventAttributes(
                    UUID.fromString(required(header, HEADER_ID)),
                    required(header, HEADER_SOURCE),
                    required(header, HEADER_TYPE),
                    Instant.parse(required(header, HEADER_TIME)),
                    header.apply(HEADER_SUBJECT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("ce_time is not an RFC 3339 timestamp: " + e.getParsedString(), e);
        }
    }

    private static String required(Function<String, String> header, String name) {
        String value = header.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("CloudEvents header " + name + " is missing");
        }
        return value;
    }
}
