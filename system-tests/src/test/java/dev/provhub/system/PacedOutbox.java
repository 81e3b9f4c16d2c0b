package dev.provhub.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import dev.provhub.events.CloudEventAttributes;
import dev.provhub.events.UserChangeType;
import dev.provhub.events.UserChangedEvent;
import dev.provhub.events.UserChangedEventJson;

/**
 * Writes new users' {@code user.created} events into a service's outbox at a fixed rate, row for row as libs/outbox's
 * {@code UserChangeOutbox} writes them at a commit (the event's time taken just before its transaction commits), so
 * that the service's own relay publishes them. It stands in for a producer faster than any import: import-service
 * itself reaches about 800 rows/s here, the propagation goal is set at 5,000 events/s.
 */
final class PacedOutbox {

    private static final String INSERT = "insert into outbox_event (id, topic, message_key, bucket, event_type, "
            + "ce_source, ce_subject, ce_time, payload, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private PacedOutbox() {
    }

    /**
     * Commits {@code perCommit} events every {@code tick} until {@code total} are written (people numbered from
     * {@code first}), each commit at its planned time or, when behind, at once; returns the time it took.
     */
    static Duration write(Database database, String topic, int first, int total, int perCommit, Duration tick)
            throws SQLException {
        long started = System.nanoTime();
        try (Connection c = database.connect(); PreparedStatement st = c.prepareStatement(INSERT)) {
            c.setAutoCommit(false);
            int written = 0;
            for (long round = 0; written < total; round++) {
                long due = started + round * tick.toNanos();
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                Instant now = Instant.now();
                for (int i = 0; i < perCommit && written < total; i++, written++) {
                    UserChangedEvent event = created(first + written);
                    CloudEventAttributes attributes = CloudEventAttributes.forEvent(UUID.randomUUID(), event, now);
                    st.setObject(1, attributes.id());
                    st.setString(2, topic);
                    st.setString(3, event.key());
                    // the relay's bucket of a key (libs/outbox OutboxBuckets): the key's String hash modulo 64
                    st.setShort(4, (short) Math.floorMod(event.key().hashCode(), 64));
                    st.setString(5, attributes.type());
                    st.setString(6, attributes.source());
                    st.setString(7, attributes.subject());
                    st.setTimestamp(8, Timestamp.from(now));
                    st.setString(9, UserChangedEventJson.write(event));
                    st.setTimestamp(10, Timestamp.from(now));
                    st.addBatch();
                }
                st.executeBatch();
                c.commit();
            }
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static UserChangedEvent created(int n) {
        String number = String.format("R%07d", n);
        return UserChangedEvent.builder().type(UserChangeType.CREATED).version(1).id(UUID.randomUUID())
                .origin("import-service").sourceKey(number).userName("paced." + n).employeeNumber(number)
                .upn("paced." + n + "@moran.example").givenName("Paced").familyName("Person " + n)
                .email("paced." + n + "@moran.example").active(true).orgs(java.util.List.of(Deployment.ORG)).build();
    }
}
