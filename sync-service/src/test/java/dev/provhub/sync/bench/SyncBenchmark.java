package dev.provhub.sync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.microsoft.graph.core.tasks.PageIterator;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;

import dev.provhub.m365sim.tenant.DirectoryObjectType;
import dev.provhub.sync.SyncFixture;
import dev.provhub.sync.SyncServiceTest;
import dev.provhub.sync.graph.GraphClients;
import dev.provhub.sync.graph.GraphSession;
import io.quarkus.test.junit.TestProfile;

/**
 * The cost of syncing one 50,000-member group, printed as figures: Graph requests, run time and peak heap of the
 * profile's full run, of an incremental run with nothing changed and of one with 100 changes; beside them, as a
 * baseline measured in the same run, the same group read with the SDK's defaults (page size 100, every default
 * property). Not part of {@code ./mvnw verify}: {@code ./mvnw -pl sync-service -am -Pbenchmark verify -DskipITs
 * -Dtest=SyncBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dsurefire.argLine=-Xmx1g}; size:
 * {@code -Dbench.members} (50,000).
 */
@Tag("benchmark")
@SyncServiceTest
@TestProfile(SyncBenchmarkProfile.class)
class SyncBenchmark {

    static final int MEMBERS = Integer.getInteger("bench.members", 50_000);
    static final int CHANGES = 100;

    @Inject
    SyncFixture fixture;

    @Inject
    GraphClients clients;

    @Test
    void aFullRunReadsTheGroupInPagesOf999AndIncrementalRunsCostWhatChanged() throws Exception {
        fixture.reset();
        var simulator = SyncFixture.simulator();
        simulator.settings().resourceUnitLimit(Integer.MAX_VALUE);
        var directory = simulator.directory();
        var members = new ArrayList<String>(MEMBERS);
        for (int i = 0; i < MEMBERS; i++) {
            members.add(directory.create(DirectoryObjectType.USER, JsonNodeFactory.instance.objectNode()
                    .put("userPrincipalName", "member" + i + "@bench.example.com").put("givenName", "Member")
                    .put("surname", "Number" + i).put("mail", "member" + i + "@bench.example.com")
                    .put("accountEnabled", true)).id());
        }
        String group = directory.create(DirectoryObjectType.GROUP, JsonNodeFactory.instance.objectNode()
                .put("displayName", SyncBenchmarkProfile.GROUP)).id();
        directory.addMembersQuietly(group, members);
        System.out.printf("%nprovhub sync benchmark: %,d members, %d cores, max heap %d MiB%n", MEMBERS,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

        baselineRead(group);
        var full = measure("full run", "--profile", "bench");
        assertThat(full.run().mode()).isEqualTo("full");
        assertThat(fixture.members(SyncBenchmarkProfile.GROUP)).hasSize(MEMBERS);
        assertThat(full.run().graphRequests()).as("goal: at most 55 requests").isLessThanOrEqualTo(55);

        var nothing = measure("incremental, nothing changed", "--profile", "bench");
        assertThat(nothing.run().mode()).isEqualTo("incremental");
        assertThat(nothing.run().graphRequests()).as("goal: at most 2 requests").isLessThanOrEqualTo(2);

        for (int i = 0; i < CHANGES / 2; i++) {
            directory.removeMember(group, members.get(i));
            directory.update(members.get(MEMBERS - 1 - i), JsonNodeFactory.instance.objectNode().put("surname",
                    "Renamed" + i));
        }
        var changes = measure("incremental, " + CHANGES + " changes", "--profile", "bench");
        assertThat(changes.run().mode()).isEqualTo("incremental");
        assertThat(fixture.members(SyncBenchmarkProfile.GROUP)).hasSize(MEMBERS - CHANGES / 2);
        assertThat(changes.total("usersUpdated")).isEqualTo(CHANGES / 2);
        assertThat(changes.run().summary().groups().get(SyncBenchmarkProfile.GROUP).removed()).isEqualTo(CHANGES / 2);
    }

    /** The group's members read as a client with the SDK's defaults reads them. */
    private void baselineRead(String groupId) throws Exception {
        long start = System.nanoTime();
        int[] read = { 0 };
        int requests;
        var heap = new LiveHeap();
        try (heap; GraphSession session = clients.open(clients.configured(), null)) {
            var client = session.client();
            DirectoryObjectCollectionResponse first = client.groups().byGroupId(groupId).members().get();
            new PageIterator.Builder<DirectoryObject, DirectoryObjectCollectionResponse>().client(client)
                    .collectionPage(first)
                    .collectionPageFactory(DirectoryObjectCollectionResponse::createFromDiscriminatorValue)
                    .processPageItemCallback(member -> {
                        read[0]++;
                        return true;
                    }).build().iterate();
            requests = session.requests();
        }
        assertThat(read[0]).isEqualTo(MEMBERS);
        print("baseline: SDK defaults, read only", requests, System.nanoTime() - start, heap.max());
    }

    private SyncFixture.Result measure(String what, String... args) throws InterruptedException {
        long start = System.nanoTime();
        SyncFixture.Result result;
        var heap = new LiveHeap();
        try (heap) {
            result = fixture.provision(args);
        }
        long nanos = System.nanoTime() - start;
        assertThat(result.exitCode()).as(result.err()).isZero();
        print(what, result.run().graphRequests(), nanos, heap.max());
        System.out.printf("    %s%n", result.run().summary().totals());
        return result;
    }

    private static void print(String what, int requests, long nanos, long liveHeap) {
        System.out.printf("%-32s %4d Graph requests %7.2f s  live heap after GC, at most %4d MiB%n", what, requests,
                nanos / 1e9, liveHeap >> 20);
    }

    /**
     * The largest heap left after a garbage collection while it runs (what was live, not garbage waiting for the
     * collector), sampled every 20 ms. The simulator shares the JVM: its 50,000 users count too.
     */
    private static final class LiveHeap implements AutoCloseable {

        private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null).toList();
        private final AtomicLong max = new AtomicLong();
        private final Thread sampler;
        private volatile boolean running = true;

        LiveHeap() {
            System.gc();
            sample();
            sampler = new Thread(() -> {
                while (running) {
                    sample();
                    LockSupport.parkNanos(20_000_000);
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        private void sample() {
            max.accumulateAndGet(pools.stream().mapToLong(p -> p.getCollectionUsage().getUsed()).sum(), Math::max);
        }

        long max() {
            return max.get();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            sampler.join();
            sample();
        }
    }
}
