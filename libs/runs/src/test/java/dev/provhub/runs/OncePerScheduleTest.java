package dev.provhub.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.provhub.localinfra.PostgresTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "runs"))
class OncePerScheduleTest {

    @Inject
    OncePerSchedule once;

    @Inject
    EntityManager em;

    @Inject
    MeterRegistry registry;

    @Test
    void aFireTimeRunsOnce() {
        String job = "job-" + UUID.randomUUID();
        Instant fire = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var runs = new AtomicInteger();

        assertThat(once.run(job, fire, runs::incrementAndGet)).isTrue();
        assertThat(once.run(job, fire, runs::incrementAndGet)).isFalse();
        assertThat(once.run(job, fire.plusMillis(400), runs::incrementAndGet)).isFalse();

        assertThat(runs).hasValue(1);
        assertThat(fireTimes(job, "ran")).isEqualTo(1);
        assertThat(fireTimes(job, "done-elsewhere")).as("the fire time already run, as a second replica sees it")
                .isEqualTo(2);
        assertThat(fireTimes(job, "busy")).isZero();
    }

    private double fireTimes(String job, String outcome) {
        var counter = registry.find("provhub.schedule.fire.times").tags("job", job, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aJobThatOutlastsItsIntervalSkipsTheNextFireTimeInsteadOfOverlapping() throws Exception {
        String job = "job-" + UUID.randomUUID();
        Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var release = new CountDownLatch(1);
        var started = new CountDownLatch(1);
        var running = new AtomicInteger();
        var overlapped = new AtomicInteger();
        Runnable slowPoll = () -> {
            if (running.incrementAndGet() > 1) {
                overlapped.incrementAndGet();
            }
            started.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
        };

        CompletableFuture<Boolean> firstPoll = CompletableFuture.supplyAsync(() -> once.run(job, first, slowPoll));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        // the heartbeat renews the lease while the poll runs: the next fire times find the job busy
        Thread.sleep(2_500);
        boolean secondRan = once.run(job, first.plusSeconds(30), slowPoll);
        release.countDown();

        assertThat(firstPoll.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(secondRan).isFalse();
        assertThat(fireTimes(job, "busy")).as("the fire time skipped while the job ran").isEqualTo(1);
        assertThat(overlapped).hasValue(0);
        assertThat(once.run(job, first.plusSeconds(60), () -> {
        })).as("the fire time after the job ended runs").isTrue();
    }

    @Test
    void theLeaseOfADeadProcessLapsesAndTheJobRunsElsewhere() {
        String job = "job-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("insert into scheduled_job_lease "
                + "(job, owner, fire_time, lease_until) values (?1, 'a-dead-process', now(), now() + interval '1 hour')")
                .setParameter(1, job).executeUpdate());
        Instant fire = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        assertThat(once.run(job, fire, () -> {
        })).as("held by a live lease").isFalse();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update scheduled_job_lease "
                + "set lease_until = now() - interval '1 second' where job = ?1").setParameter(1, job)
                .executeUpdate());
        assertThat(once.run(job, fire.plusSeconds(1), () -> {
        })).as("the lease lapsed").isTrue();
    }
}
