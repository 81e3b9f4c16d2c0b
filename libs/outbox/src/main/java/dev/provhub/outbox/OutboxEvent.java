package dev.provhub.outbox;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One event waiting in (or already relayed from) the outbox table. Written only by {@link UserChangeOutbox}. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "seq", insertable = false, updatable = false)
    public Long seq;

    @Column(nullable = false, unique = true, updatable = false)
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String topic;

    @Column(name = "message_key", nullable = false, updatable = false)
    public String messageKey;

    @Column(nullable = false, updatable = false)
    public short bucket;

    @Column(name = "event_type", nullable = false, updatable = false)
    public String eventType;

    @Column(name = "ce_source", nullable = false, updatable = false)
    public String ceSource;

    @Column(name = "ce_subject", updatable = false)
    public String ceSubject;

    @Column(name = "ce_time", nullable = false, updatable = false)
    public Instant ceTime;

    @Column(nullable = false, updatable = false, columnDefinition = "text")
    public String payload;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "sent_at", insertable = false, updatable = false)
    public Instant sentAt;
}
