package dev.provhub.exporter.bench;

import static dev.provhub.exporter.EventFeed.user;

import java.time.Duration;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.provhub.exporter.EventFeed;
import dev.provhub.exporter.ExportServiceTest;
import dev.provhub.exporter.run.ExportRunView;
import dev.provhub.exporter.run.ExportRuns;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Consumer throughput and export cost, printed as figures. Not part of {@code ./mvnw verify}: run it with
 * {@code ./mvnw -pl export-service -Pbenchmark verify} after an install. Sizes: {@code -Dbench.events} (10,000),
 * {@code -Dbench.changes} (10,000), {@code -Dbench.members} (1,000,000).
 */
@Tag("benchmark")
@ExportServiceTest
class ExportBenchmark {

    static final int EVENTS = Integer.getInteger("bench.events", 10_000);
    static final int CHANGES = Integer.getInteger("bench.changes", 10_000);
    static final int MEMBERS = Integer.getInteger("bench.members", 1_000_000);

    @Inject
    EventFeed feed;

    @Inject
    ExportRuns exports;

    @Inject
    EntityManager em;

    @Test
    void consumerThroughputAndExportCostFollowChangesNotMembers() {
        System.out.printf("%nprovhub export benchmark: %d cores, max heap %d MiB%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        exports.runNow("bench", false, null);

        long applied = count("select count(*) from consumed_version where consumer = 'export-service'");
        long start = System.nanoTime();
        for (int i = 0; i < EVENTS; i++) {
            feed.sendAsync(user(String.valueOf(10_000_000 + i), "b" + i + "@example.org", "Bench", "User" + i)
                    .build());
        }
        feed.flush();
        waitFor(() -> count("select count(*) from consumed_version where consumer = 'export-service'") >= applied + EVENTS,
                Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("consumer: %,d events into the projection in %.1f s: %,.0f events/s%n", EVENTS, seconds,
                EVENTS / seconds);
        exports.baseline("bench");

        System.out.printf("export of %,d changes among %,d members: %s%n", CHANGES, members(),
                timeExport(CHANGES));
        seedMembers(MEMBERS);
        exports.baseline("bench");
        System.out.printf("export of %,d changes among %,d members: %s%n", CHANGES, members(),
                timeExport(CHANGES));
    }

    /** Changes {@code changes} exported members (a new postal code) and times the export that sends them. */
    private String timeExport(int changes) {
        QuarkusTransaction.requiringNew().timeout(600).run(() -> em.createNativeQuery("""
                update member set postalcode = lpad((floor(random() * 99999))::int::text, 5, '0'),
                    change_seq = nextval('member_change_seq')
                where user_id in (select user_id from member where not deleted and upn is not null
                    order by random() limit ?1)""").setParameter(1, changes).executeUpdate());
        long start = System.nanoTime();
        ExportRunView run = exports.runNow("bench", false, null);
        double seconds = (System.nanoTime() - start) / 1e9;
        return String.format("%.2f s (%s, %s updated rows uploaded)", seconds, run.status(), run.counts().get("updated"));
    }

    /** Adds members straight into the projection (the consumer's rate is measured above) up to {@code total}. */
    private void seedMembers(int total) {
        long missing = total - members();
        if (missing <= 0) {
            return;
        }
        QuarkusTransaction.requiringNew().timeout(1800).run(() -> em.createNativeQuery("""
                insert into member (user_id, origin, deleted, membernumber, upn, firstname, lastname, email,
                    postalcode, is_suspended, is_o365_suspended, change_seq)
                select gen_random_uuid(), 'import-service', false, (20000000 + g)::text, 'seed' || g || '@example.org',
                    'Seed', 'Member' || g, 'seed' || g || '@example.org', '00100', false, false,
                    nextval('member_change_seq')
                from generate_series(1, ?1) g""").setParameter(1, missing).executeUpdate());
    }

    private long members() {
        return count("select count(*) from member");
    }

    private long count(String sql) {
        return QuarkusTransaction.requiringNew()
                .call(() -> ((Number) em.createNativeQuery(sql).getSingleResult()).longValue());
    }

    private static void waitFor(java.util.function.BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
