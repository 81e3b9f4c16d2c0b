package dev.provhub.exporter.ftps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The idle timeout's decisions, on a clock the test moves. */
class TransferProgressTest {

    static final Duration IDLE = Duration.ofSeconds(3);

    final Clock clock = new Clock();
    final TransferProgress progress = new TransferProgress(IDLE, clock::nanos);

    @Test
    void aWriteTheServerTakesNothingOfForLongerThanTheIdleTimeoutIsStalled() {
        progress.writeStarting();
        clock.advance(Duration.ofMillis(3_001));

        assertThat(progress.isStalled()).isTrue();
    }

    @Test
    void aSlowWriteIsNotStalledWithinTheIdleTimeout() {
        progress.writeStarting();
        clock.advance(Duration.ofMillis(2_999));

        assertThat(progress.isStalled()).isFalse();
    }

    @Test
    void theIdleTimeoutCountsFromTheLastProgressNotFromTheStartOfTheTransfer() {
        for (int second = 0; second < 60; second++) {
            write(8_192, Duration.ofSeconds(1));
        }
        progress.writeStarting();
        clock.advance(Duration.ofSeconds(2));

        assertThat(progress.isStalled()).isFalse();
    }

    @Test
    void nothingIsStalledWhileNoWriteIsWaiting() {
        write(8_192, Duration.ZERO);
        clock.advance(Duration.ofMinutes(5));

        assertThat(progress.isStalled()).isFalse();
    }

    @Test
    void aTransferTheServerTookAsFastAsItWasWrittenGetsTheIdleTimeoutToComplete() {
        for (int i = 0; i < 100; i++) {
            write(8_192, Duration.ofMillis(1));
        }

        assertThat(progress.completionWait()).isEqualTo(IDLE);
    }

    @Test
    void theServerGetsTheTimeItNeedsForTheDataStillInFlightAtItsRateThenTheIdleTimeout() {
        // 300 KB go into the socket buffers at once, then the server takes 20 KB/s: 1.5 MB in 60 s of writes
        write(300_000, Duration.ZERO);
        for (int i = 0; i < 600; i++) {
            write(2_000, Duration.ofMillis(100));
        }

        // what the buffers took at first is still there: 15 s at 20 KB/s
        assertThat(progress.completionWait().toMillis()).isCloseTo(15_000 + IDLE.toMillis(), within(50L));
    }

    @Test
    void theRateIsTheServersRecentOneNotTheAverageSinceTheStart() {
        write(300_000, Duration.ZERO);
        for (int i = 0; i < 300; i++) {
            write(4_000, Duration.ofMillis(100));
        }
        // the server slows down from 40 KB/s to 10 KB/s
        for (int i = 0; i < 100; i++) {
            write(1_000, Duration.ofMillis(100));
        }

        Duration wait = progress.completionWait();

        // at 10 KB/s, 1.6 MB need 160 s, of which 40 s have passed
        assertThat(wait.toMillis()).isCloseTo(120_000 + IDLE.toMillis(), within(50L));
    }

    @Test
    void theWaitForCompletionShrinksAsTimePassesButNeverBelowTheIdleTimeout() {
        write(300_000, Duration.ZERO);
        for (int i = 0; i < 600; i++) {
            write(2_000, Duration.ofMillis(100));
        }

        clock.advance(Duration.ofSeconds(10));
        assertThat(progress.completionWait().toMillis()).isCloseTo(5_000 + IDLE.toMillis(), within(50L));

        clock.advance(Duration.ofSeconds(30));
        assertThat(progress.completionWait()).isEqualTo(IDLE);
    }

    private void write(int bytes, Duration taking) {
        progress.writeStarting();
        clock.advance(taking);
        progress.written(bytes);
    }

    static final class Clock {

        private long nanos = 1_000_000_000L;

        long nanos() {
            return nanos;
        }

        void advance(Duration duration) {
            nanos += duration.toNanos();
        }
    }
}
