package dev.provhub.scim.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.provhub.m365sim.M365Simulator;
import dev.provhub.m365sim.M365SimulatorTestResource;
import dev.provhub.scim.ScimServiceTest;
import dev.provhub.scim.config.ScimConfig;
import dev.provhub.scim.sending.Pacer;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * What stays true with several replicas: the pacing is shared (the database counts every replica's calls), and a
 * pass that a live replica is running is left to it, while a dead replica's pass is taken over.
 */
@ScimServiceTest
class ReplicasTest {

    @Inject
    Pacer pacer;

    @Inject
    JobResumer resumer;

    @Inject
    ScimConfig config;

    @Inject
    EntityManager em;

    M365Simulator simulator;

    @BeforeEach
    void reset() {
        simulator = M365SimulatorTestResource.simulator();
        ScimJobsApi.reset(em, simulator);
    }

    @Test
    void twoSendersOfOneTenantNeverTakeMoreThanFortyCallsInFiveSecondsBetweenThem() throws Exception {
        String tenant = "replicas-" + UUID.randomUUID();
        int calls = 60;
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            var senders = new ArrayList<Future<Integer>>();
            for (int replica = 0; replica < 2; replica++) {
                Callable<Integer> sender = () -> {
                    int granted = 0;
                    for (int i = 0; i < calls / 2; i++) {
                        if (pacer.acquire(tenant).granted()) {
                            granted++;
                        }
                    }
                    return granted;
                };
                senders.add(replicas.submit(sender));
            }
            for (Future<Integer> sender : senders) {
                assertThat(sender.get()).isEqualTo(calls / 2);
            }
        } finally {
            replicas.shutdownNow();
        }
        @SuppressWarnings("unchecked")
        List<Object> times = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select at from scim_call where tenant = ?1 order by at").setParameter(1, tenant).getResultList());
        assertThat(times).hasSize(calls);
        Duration window = config.sending().window();
        int perWindow = config.sending().callsPerWindow();
        for (int i = perWindow; i < times.size(); i++) {
            Instant earlier = Pacer.instant(times.get(i - perWindow));
            Instant later = Pacer.instant(times.get(i));
            assertThat(Duration.between(earlier, later)).as("call %d after call %d", i + 1, i + 1 - perWindow)
                    .isGreaterThanOrEqualTo(window);
        }
    }

    @Test
    void aPassALiveReplicaIsRunningIsLeftToIt() {
        String id = ScimJobsApi.start(Workers.csv(1, 3, "Clerk"), Workers.mapping(Workers.MAPPING), Map.of());
        ScimJobsApi.awaitState(id, "COMPLETED", Duration.ofSeconds(60));
        // the job waits for its next pass, which another replica (alive: its heartbeat is fresh) has started
        UUID job = UUID.fromString(id);
        UUID pass = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("insert into run (id, kind, scope, status, trigger, owner, heartbeat_at, attempts, "
                    + "started_at) values (?1, 'scim-job', ?2, 'RUNNING', 'resume', 'live-replica-1', now(), 1, "
                    + "now())").setParameter(1, pass).setParameter(2, "test-" + pass).executeUpdate();
            em.createNativeQuery("update scim_job set state = 'WAITING', resume_at = now() - interval '1 minute', "
                    + "finished_at = null, run_id = ?2 where id = ?1").setParameter(1, job).setParameter(2, pass)
                    .executeUpdate();
        });
        resumer.resumeDue();
        JsonNode waiting = ScimJobsApi.job(id);
        assertThat(waiting.get("state").asText()).isEqualTo("WAITING");
        Object[] run = (Object[]) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select status, owner, (select run_id from scim_job where id = ?2) from run where id = ?1")
                .setParameter(1, pass).setParameter(2, job).getSingleResult());
        assertThat(run).containsExactly("RUNNING", "live-replica-1", pass);
        // leave nothing running behind for the other tests
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("update scim_job set state = 'COMPLETED', finished_at = now() where id = ?1")
                    .setParameter(1, job).executeUpdate();
            em.createNativeQuery("update run set status = 'FAILED', owner = null, finished_at = now() where id = ?1")
                    .setParameter(1, pass).executeUpdate();
        });
    }
}
