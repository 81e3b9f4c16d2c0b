package dev.provhub.outbox;

import static dev.provhub.outbox.OutboxFixture.change;
import static dev.provhub.outbox.OutboxFixture.header;
import static dev.provhub.outbox.OutboxFixture.readTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import dev.provhub.events.CloudEventAttributes;
import dev.provhub.events.UserChangedEvent;
import dev.provhub.events.UserChangedEventJson;
import dev.provhub.localinfra.KafkaTestResource;
import dev.provhub.localinfra.LocalInfra;
import dev.provhub.localinfra.LocalPostgres;
import dev.provhub.localinfra.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class UserChangeBatchesTest {

    @Inject
    IdempotentConsumer idempotent;

    @Inject
    UserChangeBatches batches;

    @Inject
    EntityManager em;

    @Test
    void aBatchAppliesEachChangeOnceInItsOrder() {
        UUID user = UUID.randomUUID();
        var received = List.of(inbound(change(user, 1)), inbound(change(user, 2)), inbound(change(user, 2)),
                inbound(change(user, 1)), inbound(change(user, 3)));

        List<InboundUserChange> fresh = QuarkusTransaction.requiringNew()
                .call(() -> idempotent.firstDeliveries("batch-unit", received));

        assertThat(fresh).extracting(c -> c.event().version()).containsExactly(1L, 2L, 3L);
        List<InboundUserChange> again = QuarkusTransaction.requiringNew().call(() -> idempotent
                .firstDeliveries("batch-unit", List.of(inbound(change(user, 3)), inbound(change(user, 4)))));
        assertThat(again).extracting(c -> c.event().version()).containsExactly(4L);
    }

    @Test
    void aChangeTheConsumerCannotApplyGoesToTheDeadLetterTopicAndTheOthersAreApplied() throws Exception {
        UUID good = UUID.randomUUID();
        UUID bad = UUID.randomUUID();
        var applied = new CopyOnWriteArrayList<UUID>();
        var records = new ArrayList<ConsumerRecord<String, String>>();
        records.add(record(change(good, 1), 1));
        records.add(record(change(bad, 1), 2));

        batches.consume("batch-unit", records, changes -> changes.forEach(c -> {
            if (c.event().id().equals(bad)) {
                throw new IllegalArgumentException("this consumer cannot store that user");
            }
            applied.add(c.event().id());
        }));

        // the failed whole-batch attempt saw the good change too, and rolled back: only the good one is ever applied
        assertThat(applied).containsOnly(good);
        var dead = readTopic(DeadLetters.topic("user-changes", "batch-unit"), Set.of(bad.toString()),
                seen -> !seen.isEmpty(), Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), "dead-letter-reason")).contains("cannot store that user");
        assertThat(header(dead.get(0), "dead-letter-offset")).isEqualTo("2");
        List<InboundUserChange> replayed = QuarkusTransaction.requiringNew().call(() -> idempotent
                .firstDeliveries("batch-unit", List.of(inbound(change(bad, 1)), inbound(change(good, 1)))));
        assertThat(replayed).as("the dead letter was not marked applied, the good change was")
                .extracting(c -> c.event().id()).containsExactly(bad);
    }

    @Test
    void aBatchTheDatabaseDropsIsAppliedAgainOnceItIsBackAndNothingIsDeadLettered() throws Exception {
        UUID user = UUID.randomUUID();
        LocalPostgres postgres = LocalInfra.postgres();
        var attempts = new AtomicInteger();
        var applied = new CopyOnWriteArrayList<UUID>();

        List<InboundUserChange> done = batches.consume("batch-outage", List.of(record(change(user, 1), 1)),
                changes -> {
                    if (attempts.incrementAndGet() == 1) {
                        // the database stops in the middle of the batch's transaction, and is back a second later
                        postgres.stop();
                        CompletableFuture.runAsync(postgres::restart,
                                CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
                        em.createNativeQuery("select 1").getSingleResult();
                    }
                    changes.forEach(c -> applied.add(c.event().id()));
                });

        assertThat(attempts.get()).as("the whole batch applied again").isEqualTo(2);
        assertThat(done).extracting(c -> c.event().id()).containsExactly(user);
        assertThat(applied).containsExactly(user);
        List<InboundUserChange> replayed = QuarkusTransaction.requiringNew().call(() -> idempotent
                .firstDeliveries("batch-outage", List.of(inbound(change(user, 1)))));
        assertThat(replayed).as("applied once, not dead-lettered").isEmpty();
    }

    @Test
    void twoReplicasHoldingTheSameNewUsersFirstChangeApplyItOnce() throws Exception {
        // a rebalance hands a partition to a second replica while the first still applies its batch: both hold
        // the first change of a user no one has applied before
        UUID user = UUID.randomUUID();
        var firstApplied = new CountDownLatch(1);
        var commitFirst = new CountDownLatch(1);
        CompletableFuture<List<InboundUserChange>> first = CompletableFuture
                .supplyAsync(() -> QuarkusTransaction.requiringNew().call(() -> {
                    List<InboundUserChange> fresh = idempotent.firstDeliveries("batch-race",
                            List.of(inbound(change(user, 1))));
                    firstApplied.countDown();
                    assertThat(commitFirst.await(30, TimeUnit.SECONDS)).isTrue();
                    return fresh;
                }));
        assertThat(firstApplied.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<List<InboundUserChange>> second = CompletableFuture
                .supplyAsync(() -> QuarkusTransaction.requiringNew().call(() -> idempotent
                        .firstDeliveries("batch-race", List.of(inbound(change(user, 1)), inbound(change(user, 2))))));

        // the second waits for the first's transaction to end before it decides
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> ((Number) em.createNativeQuery("select count(*) from pg_locks where not granted")
                        .getSingleResult()).longValue()) > 0);
        assertThat(second).isNotDone();
        commitFirst.countDown();

        assertThat(first.get(30, TimeUnit.SECONDS)).extracting(c -> c.event().version()).containsExactly(1L);
        assertThat(second.get(30, TimeUnit.SECONDS)).as("what the second replica applies")
                .extracting(c -> c.event().version()).containsExactly(2L);
    }

    private static InboundUserChange inbound(UserChangedEvent event) {
        return new InboundUserChange(CloudEventAttributes.forEvent(UUID.randomUUID(), event, Instant.now()), event);
    }

    private static ConsumerRecord<String, String> record(UserChangedEvent event, long offset) {
        var record = new ConsumerRecord<>("user-changes", 0, offset, event.key(), UserChangedEventJson.write(event));
        CloudEventAttributes.forEvent(UUID.randomUUID(), event, Instant.now()).toHeaders().forEach(
                (name, value) -> record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        return record;
    }
}
