package dev.provhub.scim.run;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.provhub.scim.config.ScimConfig;
import dev.provhub.scim.sending.GraphClients;
import dev.provhub.scim.sending.ProvisioningApi;
import dev.provhub.scim.sending.ScimClock;
import dev.provhub.scim.sending.TargetSettings;

/** The Graph clients of the service, one per set of sign-in settings, kept so that tokens are reused. */
@ApplicationScoped
public class ProvisioningApis {

    private final ScimConfig config;
    private final ScimClock clock;
    private final Map<TargetSettings, ProvisioningApi> clients = new ConcurrentHashMap<>();

    ProvisioningApis(ScimConfig config, ScimClock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The settings of a job: the configuration, with the tenant, client and certificate the job's command gave. */
    public TargetSettings settings(ScimJob job) {
        return TargetSettings.of(config.target()).with(Optional.ofNullable(job.tenantId),
                Optional.ofNullable(job.clientId), Optional.ofNullable(job.clientCertificate));
    }

    public ProvisioningApi forJob(ScimJob job) {
        return get(settings(job));
    }

    public ProvisioningApi get(TargetSettings settings) {
        return clients.computeIfAbsent(settings, s -> new ProvisioningApi(GraphClients.create(s, clock::now)));
    }
}
