package dev.provhub.sync.graph;

import java.util.Optional;

/**
 * The app registration a run signs in with: tenant, client id, and a client secret or a certificate. Its
 * {@code toString} never shows the secret or the certificate's password.
 *
 * @param certificate a PKCS#12 (.pfx, .p12) or PEM file with the certificate and its private key
 */
public record GraphCredentials(String tenantId, String clientId, String secret, String certificate,
        String certificatePassword) {

    /** Whether there is everything needed to ask for a token. */
    public boolean complete() {
        return present(tenantId) && present(clientId) && (present(secret) || present(certificate));
    }

    /** What is missing, for an error message, or empty. */
    public Optional<String> missing() {
        if (!present(tenantId)) {
            return Optional.of("the tenant (--tenant, O365_USERSYNC_TENANT or provhub.sync.graph.tenant-id)");
        }
        if (!present(clientId)) {
            return Optional.of("the client id (--client-id, O365_USERSYNC_CLIENT_ID or provhub.sync.graph.client-id)");
        }
        if (!present(secret) && !present(certificate)) {
            return Optional.of("a client secret (--client-secret, O365_USERSYNC_CLIENT_SECRET or "
                    + "provhub.sync.graph.client-secret) or a certificate (--client-certificate)");
        }
        return Optional.empty();
    }

    public boolean usesCertificate() {
        return present(certificate);
    }

    /** These credentials, with every missing part taken from {@code fallback}. */
    public GraphCredentials orElse(GraphCredentials fallback) {
        boolean ownCredential = present(secret) || present(certificate);
        return new GraphCredentials(present(tenantId) ? tenantId : fallback.tenantId,
                present(clientId) ? clientId : fallback.clientId, ownCredential ? secret : fallback.secret,
                ownCredential ? certificate : fallback.certificate,
                ownCredential ? certificatePassword : fallback.certificatePassword);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    @Override
    public String toString() {
        return "GraphCredentials[tenant=" + tenantId + ", client=" + clientId + ", "
                + (usesCertificate() ? "certificate " + certificate : present(secret) ? "secret ***" : "no credential")
                + "]";
    }
}
