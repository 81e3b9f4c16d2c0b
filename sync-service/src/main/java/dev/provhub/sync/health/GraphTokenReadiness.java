package dev.provhub.sync.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;

import dev.provhub.sync.config.SyncConfig;
import dev.provhub.sync.graph.GraphClients;
import dev.provhub.sync.graph.GraphCredentials;

/**
 * Ready only if the identity platform gives the configured app a token for Graph (azure-identity caches it, so
 * this asks again only when it expires). Without configured credentials there is nothing to check: runs then need
 * the command's. The token itself is never shown.
 */
@Readiness
@ApplicationScoped
public class GraphTokenReadiness implements HealthCheck {

    private final GraphClients clients;
    private final SyncConfig config;
    private volatile TokenCredential credential;

    GraphTokenReadiness(GraphClients clients, SyncConfig config) {
        this.clients = clients;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("Microsoft identity platform token");
        GraphCredentials configured = clients.configured();
        if (!config.graph().healthCheck() || !configured.complete()) {
            return response.up().withData("checked", false).withData("reason", config.graph().healthCheck()
                    ? "no Graph credentials configured (provhub.sync.graph.*)"
                    : "disabled").build();
        }
        try {
            if (credential == null) {
                credential = clients.credential(configured, null);
            }
            AccessToken token = credential.getTokenSync(new TokenRequestContext().addScopes(clients.scope()));
            return response.up().withData("tenant", configured.tenantId()).withData("client", configured.clientId())
                    .withData("expiresAt", token.getExpiresAt().toString()).build();
        } catch (RuntimeException e) {
            credential = null;
            String reason = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines()
                            .findFirst().orElse("");
            return response.down().withData("tenant", configured.tenantId()).withData("reason", reason).build();
        }
    }
}
