package dev.provhub.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.provhub.localinfra.SelfSignedCertificate;
import dev.provhub.m365sim.DemoTenant;
import dev.provhub.m365sim.M365Simulator;
import dev.provhub.m365sim.http.JournalEntry;
import dev.provhub.m365sim.tenant.DirectoryObject;
import dev.provhub.m365sim.tenant.DirectoryObjectType;

/**
 * Microsoft 365 as a deployment sees it: the strict simulator (libs/m365-simulator) serving its demo tenant over
 * HTTPS, in this JVM so that a test can read its directory and request journal and inject faults. The app
 * registration the services sign in with is the demo tenant's provhub application (client secret).
 */
final class Simulator implements AutoCloseable {

    private final M365Simulator simulator;
    private final DemoTenant demo;

    private Simulator(M365Simulator simulator, DemoTenant demo) {
        this.simulator = simulator;
        this.demo = demo;
    }

    static Simulator start(Path dir) {
        try {
            Files.createDirectories(dir);
            DemoTenant demo = DemoTenant.create(SelfSignedCertificate.forLocalhost().certificate());
            return new Simulator(M365Simulator.start(demo.fixture(), 0, dir), demo);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String graphUrl() {
        return simulator.graphUrl();
    }

    String authorityHost() {
        return simulator.baseUrl();
    }

    String tenantId() {
        return simulator.tenantId();
    }

    String clientId() {
        return demo.provhubApplication().appId();
    }

    String clientSecret() {
        return demo.provhubApplication().secret();
    }

    String trustStore() {
        return simulator.trustStoreFile().toString();
    }

    String trustStorePassword() {
        return M365Simulator.STORE_PASSWORD;
    }

    /** The provhub application (demo tenant): the identity a pod gets from its host in {@link #assignPodIdentity}. */
    void assignPodIdentity() {
        simulator.managedIdentity().assign(clientId());
    }

    /** {@code IDENTITY_ENDPOINT} of the pods' host (App Service style managed identity). */
    String identityEndpoint() {
        return simulator.managedIdentity().url();
    }

    /** {@code IDENTITY_HEADER} of the pods' host. */
    String identityHeader() {
        return simulator.managedIdentity().header();
    }

    /** The inbound provisioning app the demo tenant's provisioning job belongs to. */
    String servicePrincipalId() {
        return demo.provisioningServicePrincipalId();
    }

    /** The directory's user with this user principal name, or null. */
    DirectoryObject user(String userPrincipalName) {
        return simulator.directory().user(userPrincipalName);
    }

    /** Every user of the directory. */
    List<DirectoryObject> users() {
        return simulator.directory().all(DirectoryObjectType.USER);
    }

    /** The {@code bulkUpload} calls the simulator received, in order. */
    List<JournalEntry> bulkUploads() {
        return simulator.journal().entries(entry -> entry.method().equals("POST")
                && entry.path().endsWith("/bulkUpload"));
    }

    /** The simulator itself: faults, clock, provisioning logs. */
    M365Simulator raw() {
        return simulator;
    }

    @Override
    public void close() {
        simulator.close();
    }
}
