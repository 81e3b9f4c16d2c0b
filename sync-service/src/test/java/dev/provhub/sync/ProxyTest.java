package dev.provhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.provhub.sync.cli.ProvisionCommand;

/** The seed's --proxy-server-https-address: the run reaches Graph through the proxy, and cannot without it. */
@SyncServiceTest
class ProxyTest extends FreshTenantTest {

    @Test
    void theRunReachesGraphThroughTheProxy() throws Exception {
        URI graph = URI.create(ConfigProvider.getConfig().getValue("provhub.m365.graph-url", String.class));
        try (var proxy = new ConnectProxy()) {
            var result = fixture.provision("--proxy-server-https-address", proxy.address(), "-a", "O365 Staff");

            assertThat(result.exitCode()).as(result.err()).isEqualTo(ProvisionCommand.OK);
            assertThat(fixture.members("O365 Staff")).hasSize(15);
            assertThat(proxy.tunnels()).isNotEmpty().allMatch(t -> t.endsWith(":" + graph.getPort()));
        }
    }

    @Test
    void aProxyThatDoesNotAnswerFailsTheRun() throws Exception {
        int closed;
        try (var socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        var result = fixture.provision("--proxy-server-https-address", "http://localhost:" + closed, "-a",
                "O365 Staff");

        assertThat(result.exitCode()).isEqualTo(ProvisionCommand.FAILED);
        assertThat(fixture.userCount()).isZero();
    }
}
