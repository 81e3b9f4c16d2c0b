package dev.provhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.provhub.m365sim.http.Fault;

/**
 * Graph throttles: a storm of 429s (injected, and the app's real resource-unit budget exhausted) still ends with
 * every change applied once; Retry-After is honoured; reads whose connection broke are sent again; no secret or token
 * reaches the log.
 */
@SyncServiceTest
class ThrottlingTest extends FreshTenantTest {

    @Test
    void aStormOf429sEndsWithEveryChangeAppliedOnce() {
        var simulator = fixture.simulator();
        simulator.faults().inject("/groups/[^/]+/members", Fault.status(429, 1), 4);
        simulator.faults().inject("/groups$", Fault.status(503, 1), 1);
        simulator.settings().throttlingWindow(Duration.ofSeconds(2)).resourceUnitLimit(20);

        var result = fixture.provision("-a", "all", "--filter", "O365 Class 7");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(fixture.userCount()).isEqualTo(260);
        assertThat(result.run().summary().throttled()).isGreaterThanOrEqualTo(4);
        assertThat(simulator.journal().entries(e -> e.status() == 429)).hasSizeGreaterThanOrEqualTo(4);
        // every user created once, one event each
        assertThat(fixture.outboxEvents()).isEqualTo(260);
        assertThat(result.total("usersCreated")).isEqualTo(260);
    }

    @Test
    void readsWhoseConnectionBrokeAreSentAgainAndTheRunEndsAsAnUndisturbedOne() {
        var simulator = fixture.simulator();
        // three in a row: more than OkHttp's own single silent retry on a fresh connection
        simulator.faults().inject("/groups/[^/]+/members", Fault.connectionReset(), 3);

        var result = fixture.provision("-a", "all", "--filter", "O365 Class 7");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(simulator.journal().entries(e -> e.status() == 0)).as("dropped connections").hasSize(3);
        assertThat(fixture.userCount()).isEqualTo(260);
        assertThat(fixture.outboxEvents()).isEqualTo(260);
        assertThat(result.total("usersCreated")).isEqualTo(260);
    }

    @Test
    void noSecretOrTokenReachesTheLog() {
        var records = new ArrayList<String>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(
                        record.getParameters()) + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        var root = java.util.logging.Logger.getLogger("");
        java.util.logging.Level level = root.getLevel();
        root.addHandler(capture);
        root.setLevel(java.util.logging.Level.ALL);
        try {
            fixture.simulator().faults().inject("/groups/[^/]+/members", Fault.status(429, 1), 1);
            fixture.provision("-a", "all", "-v", "O365 Staff");
            fixture.provision("--client-secret", "wrong-secret-value", "--tenant",
                    ConfigProvider.getConfig().getValue("provhub.m365.tenant-id", String.class), "--client-id",
                    ConfigProvider.getConfig().getValue("provhub.m365.client-id", String.class), "O365 Staff");
        } finally {
            root.removeHandler(capture);
            root.setLevel(level);
        }
        String secret = ConfigProvider.getConfig().getValue("provhub.m365.client-secret", String.class);
        List<String> leaks = records.stream().filter(r -> r.contains(secret) || r.contains("wrong-secret-value")
                || r.contains("Bearer ey")).toList();
        assertThat(records).isNotEmpty();
        assertThat(leaks).isEmpty();
        assertThat(fixture.latestRun().failure()).contains("AADSTS7000215").doesNotContain("wrong-secret-value");
    }
}
