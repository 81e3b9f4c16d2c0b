package dev.provhub.outbox;

import static dev.provhub.outbox.OutboxFixture.header;
import static dev.provhub.outbox.OutboxFixture.readTopic;
import static dev.provhub.outbox.OutboxFixture.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.provhub.localinfra.KafkaTestResource;
import dev.provhub.localinfra.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A relay that dies after Kafka acknowledged a batch and before it marked the rows sent. The database makes that
 * happen: a trigger fails the next few "mark sent" updates, so the relay's transaction rolls back exactly as it
 * would if the process had been killed at that point.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class RelayCrashTest {

    static final int USERS = 5;
    static final int VERSIONS = 10;
    static final int CRASHES = 3;

    @Inject
    OutboxFixture fixture;

    @AfterEach
    void removeFault() throws Exception {
        fixture.execute("drop trigger if exists relay_fault on outbox_event");
    }

    @Test
    void duplicatesReachTheTopicButTheConsumerAppliesEachChangeOnce() throws Exception {
        failNextMarks(CRASHES);
        List<UUID> users = users(USERS);
        Set<String> expectedIds = fixture.writeInterleaved(users, VERSIONS).values().stream()
                .flatMap(List::stream).map(UUID::toString).collect(Collectors.toSet());

        await().atMost(Duration.ofSeconds(60)).until(() -> fixture.unsent(users) == 0);

        Set<String> keys = users.stream().map(UUID::toString).collect(Collectors.toSet());
        var records = readTopic("user-changes", keys,
                seen -> seen.stream().map(r -> header(r, "ce_id")).collect(Collectors.toSet())
                        .containsAll(expectedIds),
                Duration.ofSeconds(60));
        assertThat(records.stream().map(r -> header(r, "ce_id")).collect(Collectors.toSet()))
                .containsAll(expectedIds);
        assertThat(records).as("events sent before the crash were sent again").hasSizeGreaterThan(expectedIds.size());
        OutboxDeliveryTest.versionsInFirstSeenOrder(records).forEach((key, versions) -> assertThat(versions)
                .as("order of %s", key).containsExactlyElementsOf(OutboxDeliveryTest.oneTo(VERSIONS)));

        await().atMost(Duration.ofSeconds(60)).until(() -> fixture.applied(users).values().stream()
                .mapToInt(List::size).sum() >= USERS * VERSIONS);
        // the consumer may still be reading the duplicates at the end of the topic: give it a moment to err
        Thread.sleep(1_000);
        fixture.applied(users).forEach((user, versions) -> assertThat(versions)
                .as("applied once each, in order, for %s", user)
                .containsExactlyElementsOf(OutboxDeliveryTest.oneTo(VERSIONS)));
    }

    /** The next {@code count} attempts to mark outbox rows sent fail, after their events were sent. */
    private void failNextMarks(int count) throws Exception {
        // a sequence is not rolled back with the failing transaction, so it counts the attempts
        fixture.execute("""
                create sequence if not exists relay_fault_counter;
                create table if not exists relay_fault (fail_until bigint not null);
                create or replace function relay_fault_check() returns trigger language plpgsql as $$
                begin
                    if old.sent_at is null and new.sent_at is not null then
                        if nextval('relay_fault_counter') <= (select coalesce(max(fail_until), 0) from relay_fault)
                        then
                            raise exception 'simulated relay crash between send and mark';
                        end if;
                    end if;
                    return new;
                end $$;
                delete from relay_fault;
                insert into relay_fault select nextval('relay_fault_counter') + %d;
                drop trigger if exists relay_fault on outbox_event;
                create trigger relay_fault before update on outbox_event
                    for each row execute function relay_fault_check();
                """.formatted(count));
    }
}
