package dev.provhub.scim.sending;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.provhub.scim.config.ScimConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Paces bulkUpload calls at Microsoft's documented limits, per tenant and across every replica and job: at most
 * {@code calls-per-window} calls in any {@code window} (40 in 5 s), and the daily quota in any 24 hours. A call takes
 * a slot in the database (the tenant's pacer row is locked while it does), so two senders never both take the 40th.
 * The slot's time is set again when the answer comes, so the window we count is never shorter than Microsoft's.
 */
@ApplicationScoped
public class Pacer {

    private static final Duration DAY = Duration.ofDays(1);

    private final EntityManager em;
    private final ScimClock clock;
    private final ScimConfig.Sending config;
    private final MeterRegistry registry;

    Pacer(EntityManager em, ScimClock clock, ScimConfig config, MeterRegistry registry) {
        this.em = em;
        this.clock = clock;
        this.config = config.sending();
        this.registry = registry;
    }

    /** A call may be made now ({@code callId}), or the day's quota is spent until {@code resumeAt}. */
    public record Slot(Long callId, Instant resumeAt, int usedToday) {
        public boolean granted() {
            return callId != null;
        }
    }

    private record Decision(Slot slot, long waitMillis) {
    }

    /** Waits (sleeping) until a call may be made, or returns at once when the daily quota is spent. */
    public Slot acquire(String tenant) throws InterruptedException {
        while (true) {
            Decision decision = QuarkusTransaction.requiringNew().call(() -> decide(tenant));
            if (decision.slot() != null) {
                return decision.slot();
            }
            registry.counter("provhub.scim.pacing.waits").increment();
            Thread.sleep(Math.max(1, decision.waitMillis()));
        }
    }

    /** Records that the call's answer came: its time in the window becomes the answer's time. */
    public void answered(long callId) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update scim_call set at = greatest(at, ?2) where id = ?1").setParameter(1, callId)
                .setParameter(2, time(clock.now())).executeUpdate());
    }

    /** Calls made in the last 24 hours and left of the daily quota. */
    public int[] usage(String tenant) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Number used = (Number) em.createNativeQuery(
                    "select count(*) from scim_call where tenant = ?1 and at > ?2").setParameter(1, tenant)
                    .setParameter(2, time(clock.now().minus(DAY))).getSingleResult();
            return new int[] { used.intValue(), Math.max(0, config.dailyQuota() - used.intValue()) };
        });
    }

    /** Forgets calls older than two days. */
    public int forgetOldCalls() {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "delete from scim_call where at < ?1").setParameter(1, time(clock.now().minus(DAY.multipliedBy(2))))
                .executeUpdate());
    }

    private Decision decide(String tenant) {
        em.createNativeQuery("insert into scim_pacer (tenant) values (?1) on conflict do nothing")
                .setParameter(1, tenant).executeUpdate();
        em.createNativeQuery("select tenant from scim_pacer where tenant = ?1 for update").setParameter(1, tenant)
                .getResultList();
        Instant now = clock.now();
        Duration window = config.window().plus(config.margin());
        @SuppressWarnings("unchecked")
        List<Object> recent = em.createNativeQuery("select at from scim_call where tenant = ?1 and at > ?2 "
                + "order by at desc limit ?3").setParameter(1, tenant).setParameter(2, time(now.minus(window)))
                .setParameter(3, config.callsPerWindow()).getResultList();
        if (recent.size() >= config.callsPerWindow()) {
            Instant oldest = instant(recent.get(recent.size() - 1));
            return new Decision(null, Duration.between(now, oldest.plus(window)).toMillis() + 1);
        }
        Object[] day = (Object[]) em.createNativeQuery("select count(*), min(at) from scim_call where tenant = ?1 "
                + "and at > ?2").setParameter(1, tenant).setParameter(2, time(now.minus(DAY))).getSingleResult();
        int used = ((Number) day[0]).intValue();
        if (used >= config.dailyQuota()) {
            Instant resumeAt = instant(day[1]).plus(DAY).plus(config.margin());
            return new Decision(new Slot(null, resumeAt, used), 0);
        }
        Number id = (Number) em.createNativeQuery("insert into scim_call (tenant, at) values (?1, ?2) returning id")
                .setParameter(1, tenant).setParameter(2, time(now)).getSingleResult();
        return new Decision(new Slot(id.longValue(), null, used + 1), 0);
    }

    static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** A time as native queries return it (Timestamp, OffsetDateTime or Instant, by driver and dialect). */
    public static Instant instant(Object value) {
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        throw new IllegalStateException("unexpected time " + value);
    }
}
