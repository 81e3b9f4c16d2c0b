package dev.provhub.m365sim.tenant;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An app registration that can sign in with client credentials: its client secrets, the certificates registered
 * to verify its client assertions, and the application permissions (app roles of Microsoft Graph) an admin granted.
 */
public final class RegisteredApplication {

    private final String appId;
    private final String displayName;
    private final String servicePrincipalId;
    private final List<ClientSecret> secrets = new CopyOnWriteArrayList<>();
    private final List<X509Certificate> certificates = new CopyOnWriteArrayList<>();
    private volatile Set<String> permissions;

    public RegisteredApplication(String appId, String displayName, String servicePrincipalId, Set<String> permissions) {
        this.appId = appId;
        this.displayName = displayName;
        this.servicePrincipalId = servicePrincipalId;
        this.permissions = Set.copyOf(permissions);
    }

    public String appId() {
        return appId;
    }

    public String displayName() {
        return displayName;
    }

    public String servicePrincipalId() {
        return servicePrincipalId;
    }

    public List<ClientSecret> secrets() {
        return secrets;
    }

    public List<X509Certificate> certificates() {
        return certificates;
    }

    public Set<String> permissions() {
        return permissions;
    }

    /** Grants exactly these application permissions (admin consent); tokens issued afterwards carry them. */
    public void grantPermissions(Set<String> granted) {
        this.permissions = Set.copyOf(granted);
    }

    public void addSecret(ClientSecret secret) {
        secrets.add(secret);
    }

    public void addCertificate(X509Certificate certificate) {
        certificates.add(certificate);
    }

    @Override
    public String toString() {
        return "application " + appId + " (" + displayName + ")";
    }
}
