package dev.provhub.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import dev.provhub.events.CloudEventAttributes;
import dev.provhub.events.UserChangedEvent;
import dev.provhub.events.UserChangedEventJson;
import io.agroal.api.AgroalDataSource;

/**
 * The one way a service publishes a user change: it adds the event to its {@code outbox_event} table inside the
 * transaction that makes the change, so the event exists exactly when the change does. The {@link OutboxRelay}
 * publishes it to Kafka after the commit.
 * <p>
 * Events of one transaction are written together, in the order they were published, as one JDBC batch just before
 * the transaction commits: an import that publishes a thousand events in a batch pays one round trip for them,
 * not a thousand. A transaction that rolls back writes none.
 */
@ApplicationScoped
public class UserChangeOutbox {

    private static final String INSERT = "insert into outbox_event (id, topic, message_key, bucket, event_type, "
            + "ce_source, ce_subject, ce_time, payload, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final AgroalDataSource dataSource;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxConfig config;
    private final OutboxRelay relay;
    private final Clock clock;

    UserChangeOutbox(AgroalDataSource dataSource, TransactionSynchronizationRegistry transactions,
            OutboxConfig config, OutboxRelay relay) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.config = config;
        this.relay = relay;
        this.clock = Clock.systemUTC();
    }

    /**
     * Adds {@code event} to the outbox in the caller's transaction (there must be one).
     *
     * @return the event id ({@code ce_id}) it will be published with
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(UserChangedEvent event) {
        Instant now = clock.instant();
        CloudEventAttributes attributes = CloudEventAttributes.forEvent(UUID.randomUUID(), event, now);
        pending().add(new Pending(attributes, event.key(), UserChangedEventJson.write(event), now));
        return attributes.id();
    }

    /** The transaction's events not written yet; the first publish of a transaction arranges their writing. */
    @SuppressWarnings("unchecked")
    private List<Pending> pending() {
        Object existing = transactions.getResource(UserChangeOutbox.class);
        if (existing != null) {
            return (List<Pending>) existing;
        }
        var pending = new ArrayList<Pending>();
        transactions.putResource(UserChangeOutbox.class, pending);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
                    write(pending);
                }
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wakeUp();
                }
            }
        });
        return pending;
    }

    private void write(List<Pending> pending) {
        if (pending.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(INSERT)) {
            for (Pending event : pending) {
                CloudEventAttributes attributes = event.attributes();
                st.setObject(1, attributes.id());
                st.setString(2, config.topic());
                st.setString(3, event.key());
                st.setShort(4, OutboxBuckets.of(event.key()));
                st.setString(5, attributes.type());
                st.setString(6, attributes.source());
                st.setString(7, attributes.subject());
                st.setTimestamp(8, Timestamp.from(attributes.time()));
                st.setString(9, event.payload());
                st.setTimestamp(10, Timestamp.from(event.createdAt()));
                st.addBatch();
            }
            st.executeBatch();
            pending.clear();
        } catch (SQLException e) {
            // thrown from beforeCompletion, it rolls the transaction back: no change without its event
            throw new IllegalStateException("could not write " + pending.size() + " events to the outbox", e);
        }
    }

    private record Pending(CloudEventAttributes attributes, String key, String payload, Instant createdAt) {
    }
}
