package dev.provhub.outbox;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import dev.provhub.events.CloudEventAttributes;
import dev.provhub.events.MalformedUserChangeException;
import dev.provhub.events.UserChangedEvent;
import dev.provhub.events.UserChangedEventJson;

/**
 * A user change as a consumer receives it: the CloudEvents attributes from the record headers and the event from
 * its value.
 */
public record InboundUserChange(CloudEventAttributes attributes, UserChangedEvent event) {

    /**
     * Reads a record of the user-change topic.
     *
     * @throws MalformedUserChangeException when the record is not a readable user-change event (a poison message:
     *         let it fail so the channel's dead-letter strategy takes it)
     */
    public static InboundUserChange from(ConsumerRecord<String, String> record) {
        CloudEventAttributes attributes;
        try {
            attributes = CloudEventAttributes.fromHeaders(name -> {
                Header header = record.headers().lastHeader(name);
                return header == null || header.value() == null ? null
                        : new String(header.value(), StandardCharsets.UTF_8);
            });
        } catch (IllegalArgumentException e) {
            throw new MalformedUserChangeException(e.getMessage() + " (" + position(record) + ")", e);
        }
        if (record.value() == null) {
            throw new MalformedUserChangeException("record has no value (" + position(record) + ")", null);
        }
        UserChangedEvent event = UserChangedEventJson.read(record.value());
        if (!event.key().equals(record.key())) {
            throw new MalformedUserChangeException("record key " + record.key() + " is not the user id "
                    + event.key() + " (" + position(record) + ")", null);
        }
        return new InboundUserChange(attributes, event);
    }

    private static String position(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
