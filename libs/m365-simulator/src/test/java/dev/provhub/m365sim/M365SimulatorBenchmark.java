package dev.provhub.m365sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.http.GraphJson;
import dev.provhub.m365sim.tenant.DirectoryObjectType;

/**
 * How fast the simulator answers, so it is never the bottleneck of the services' own benchmarks: small GETs from
 * several clients at once, and paging through a group of 50,000 members. Only with {@code -Pbenchmark}:
 * {@code ./mvnw -pl libs/m365-simulator -am -Pbenchmark verify -DskipITs -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtest=M365SimulatorBenchmark}.
 */
@Tag("benchmark")
class M365SimulatorBenchmark {

    static final int MEMBERS = Integer.getInteger("bench.members", 50_000);
    static final int SMALL_GETS = Integer.getInteger("bench.gets", 20_000);
    static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    static SchoolTenant school;
    static M365Simulator simulator;
    static String bigGroup;
    static String token;

    @BeforeAll
    static void start() {
        school = new SchoolTenant();
        simulator = M365Simulator.start(school.fixture());
        simulator.settings().resourceUnitLimit(Integer.MAX_VALUE);
        var members = new ArrayList<String>(MEMBERS);
        for (int i = 0; i < MEMBERS; i++) {
            ObjectNode user = GraphJson.object();
            user.put("userPrincipalName", "member" + i + "@bench.example.com");
            user.put("displayName", "Member " + i);
            user.put("accountEnabled", true);
            members.add(simulator.directory().create(DirectoryObjectType.USER, user).id());
        }
        ObjectNode group = GraphJson.object();
        group.put("displayName", "Benchmark members");
        bigGroup = simulator.directory().create(DirectoryObjectType.GROUP, group).id();
        simulator.directory().addMembersQuietly(bigGroup, members);
        token = new SimulatorHttp(simulator).accessToken(school.sync);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void smallGetsPerSecond() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        int perClient = SMALL_GETS / CLIENTS;
        var warmUp = new SimulatorHttp(simulator);
        for (int i = 0; i < 500; i++) {
            warmUp.get("/users/" + school.alice + "?$select=id,displayName", token);
        }
        long started = System.nanoTime();
        List<Future<Integer>> results = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            results.add(clients.submit(() -> {
                var http = new SimulatorHttp(simulator);
                int ok = 0;
                for (int i = 0; i < perClient; i++) {
                    if (http.get("/users/" + school.alice + "?$select=id,displayName", token).statusCode() == 200) {
                        ok++;
                    }
                }
                return ok;
            }));
        }
        int ok = 0;
        for (Future<Integer> result : results) {
            ok += result.get(5, TimeUnit.MINUTES);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        clients.shutdown();
        System.out.printf("BENCHMARK m365-simulator small GETs: %d requests from %d clients in %.1f s = %.0f requests/s%n",
                ok, CLIENTS, seconds, ok / seconds);
        assertThat(ok).isEqualTo(perClient * CLIENTS);
    }

    @Test
    void pagingA50000MemberGroup() {
        var http = new SimulatorHttp(simulator);
        for (int round = 1; round <= 3; round++) {
            long started = System.nanoTime();
            int members = 0;
            int pages = 0;
            String url = simulator.graphUrl() + "/groups/" + bigGroup + "/members?$top=999&$select=id,displayName";
            while (url != null) {
                HttpResponse<String> page = http.send("GET", url, token, null, null);
                JsonNode body = SimulatorHttp.json(page);
                members += body.path("value").size();
                pages++;
                url = body.path("@odata.nextLink").asText(null);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("BENCHMARK m365-simulator paging %d members: %d pages in %.2f s = %.0f members/s, "
                    + "%.0f pages/s (round %d)%n", members, pages, seconds, members / seconds, pages / seconds, round);
            assertThat(members).isEqualTo(MEMBERS);
        }
    }
}
