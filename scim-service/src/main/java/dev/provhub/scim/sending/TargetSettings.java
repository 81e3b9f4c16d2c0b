package dev.provhub.scim.sending;

import java.util.Optional;

import dev.provhub.scim.config.ScimConfig;

/**
 * Where the service sends and how it signs in: from configuration, or from a command's flags ({@code -TenantId},
 * {@code -ClientId}, {@code -ClientCertificate}). {@link #toString()} never shows a secret.
 */
public record TargetSettings(String graphUrl, String authorityHost, String tenantId, String clientId,
        String clientSecret, String clientCertificate, String clientCertificatePassword, boolean managedIdentity,
        String trustStore, String trustStorePassword) {

    public static TargetSettings of(ScimConfig.Target target) {
        return new TargetSettings(target.graphUrl(), target.authorityHost(), target.tenantId().orElse(null),
                target.clientId().orElse(null), target.clientSecret().orElse(null),
                target.clientCertificate().orElse(null), target.clientCertificatePassword().orElse(null),
                target.managedIdentity(), target.trustStore().orElse(null), target.trustStorePassword().orElse(null));
    }

    /** The same settings with a command's flags where it gives them. */
    public TargetSettings with(Optional<String> tenant, Optional<String> client, Optional<String> certificate) {
        return new TargetSettings(graphUrl, authorityHost, tenant.orElse(tenantId), client.orElse(clientId),
                certificate.isPresent() ? null : clientSecret, certificate.orElse(clientCertificate),
                clientCertificatePassword, managedIdentity, trustStore, trustStorePassword);
    }

    /** The tenant that calls count against (pacing and the daily quota are per tenant). */
    public String tenantKey() {
        return tenantId == null ? "default" : tenantId.toLowerCase();
    }

    @Override
    public String toString() {
        return "TargetSettings[graphUrl=" + graphUrl + ", tenantId=" + tenantId + ", clientId=" + clientId
                + ", credential=" + (managedIdentity ? "managed identity"
                        : clientCertificate != null
                                ? "certificate " + clientCertificate
                                : clientSecret != null ? "secret (redacted)" : "none")
                + "]";
    }
}
