package dev.provhub.importer.folder;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;

/**
 * A mail server that accepts a connection and never answers holds the sender for one attempt at most (the flaky
 * hang seen with the test SMTP server, about one new connection in fifty): the next attempt gets the mail through,
 * and a server that never answers is given up after the last attempt without failing the caller.
 */
class ImportNotifierTest {

    static final Duration ATTEMPT = Duration.ofMillis(300);
    static final Mail MAIL = Mail.withText("ops@example.org", "subject", "body");

    @Test
    void anAttemptTheServerNeverAnswersIsGivenUpAndTheNextOneDelivers() {
        var calls = new AtomicInteger();
        ReactiveMailer firstHangs = mails -> calls.incrementAndGet() == 1 ? Uni.createFrom().nothing()
                : Uni.createFrom().voidItem();
        var notifier = new ImportNotifier(firstHangs, null, ATTEMPT, 3);

        long started = System.nanoTime();
        boolean delivered = notifier.deliver(MAIL, "a test mail");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(delivered).isTrue();
        assertThat(calls).hasValue(2);
        assertThat(took).isGreaterThanOrEqualTo(ATTEMPT);
    }

    @Test
    void aServerThatNeverAnswersIsGivenUpAfterTheLastAttemptWithoutFailingTheCaller() {
        var calls = new AtomicInteger();
        ReactiveMailer silent = mails -> {
            calls.incrementAndGet();
            return Uni.createFrom().nothing();
        };
        var notifier = new ImportNotifier(silent, null, ATTEMPT, 3);

        assertThat(notifier.deliver(MAIL, "a test mail")).isFalse();
        assertThat(calls).hasValue(3);
    }

    @Test
    void aRefusedMailIsTriedAgain() {
        var calls = new AtomicInteger();
        ReactiveMailer refusesOnce = mails -> calls.incrementAndGet() == 1
                ? Uni.createFrom().failure(new IllegalStateException("421 closing transmission channel"))
                : Uni.createFrom().voidItem();
        var notifier = new ImportNotifier(refusesOnce, null, ATTEMPT, 2);

        assertThat(notifier.deliver(MAIL, "a test mail")).isTrue();
        assertThat(calls).hasValue(2);
    }
}
