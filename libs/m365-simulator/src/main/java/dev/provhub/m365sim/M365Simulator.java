package dev.provhub.m365sim;

import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.localinfra.SelfSignedCertificate;
import dev.provhub.localinfra.TemporaryFolders;
import dev.provhub.m365sim.batch.JsonBatch;
import dev.provhub.m365sim.delta.DeltaEndpoints;
import dev.provhub.m365sim.graph.GroupEndpoints;
import dev.provhub.m365sim.graph.ServicePrincipalEndpoints;
import dev.provhub.m365sim.graph.UserEndpoints;
import dev.provhub.m365sim.http.Faults;
import dev.provhub.m365sim.http.GraphContext;
import dev.provhub.m365sim.http.GraphPipeline;
import dev.provhub.m365sim.http.GraphRequest;
import dev.provhub.m365sim.http.GraphResponse;
import dev.provhub.m365sim.http.GraphRouter;
import dev.provhub.m365sim.http.RequestJournal;
import dev.provhub.m365sim.http.SimulatorHttpServer;
import dev.provhub.m365sim.identity.AccessTokenIssuer;
import dev.provhub.m365sim.identity.ManagedIdentityEndpoint;
import dev.provhub.m365sim.identity.TokenEndpoint;
import dev.provhub.m365sim.provisioning.InboundProvisioning;
import dev.provhub.m365sim.provisioning.ProvisioningLogEndpoints;
import dev.provhub.m365sim.provisioning.SynchronizationEndpoints;
import dev.provhub.m365sim.tenant.Directory;
import dev.provhub.m365sim.tenant.Tenant;
import dev.provhub.m365sim.tenant.TenantFixture;
import dev.provhub.m365sim.throttling.ResourceUnitBudget;

/**
 * A Microsoft 365 tenant in a box: the identity platform's token endpoint and Microsoft Graph over HTTPS on one
 * local port, answering from a tenant fixture. The plain Java API is for tests: load or reset the tenant, change it
 * between runs ({@link #directory()}), inject faults ({@link #faults()}), read the request journal
 * ({@link #journal()}), move the clock ({@link #clock()}) and tune limits ({@link #settings()}).
 *
 * <pre>
 * try (var simulator = M365Simulator.start(fixture)) {
 *     // authority host: simulator.baseUrl(), Graph: simulator.graphUrl(), trust: simulator.trustStoreFile()
 * }
 * </pre>
 */
public final class M365Simulator implements AutoCloseable, GraphContext {

    /** Password of the trust store and key store files the simulator writes. */
    public static final String STORE_PASSWORD = "changeit";

    private final SimulatorClock clock = new SimulatorClock();
    private final SimulatorSettings settings = new SimulatorSettings();
    private final RequestJournal journal = new RequestJournal();
    private final Faults faults = new Faults();
    private final ResourceUnitBudget budget = new ResourceUnitBudget();
    private final AccessTokenIssuer tokens = new AccessTokenIssuer(clock);
    private final IdentityPlatform identity = new IdentityPlatform(new TokenEndpoint(tokens, clock), clock);
    private final DeltaEndpoints delta = new DeltaEndpoints();
    private final InboundProvisioning provisioning = new InboundProvisioning(clock, settings, () -> this.tenant);
    private final GraphPipeline pipeline;
    private final JsonBatch batch;
    private final SelfSignedCertificate certificate;
    private final Path trustStoreFile;
    private final Path workDir;
    private final String host;
    private final SimulatorHttpServer server;
    private final ManagedIdentityEndpoint managedIdentity;
    private volatile ObjectNode fixture;
    private volatile Tenant tenant;

    private M365Simulator(ObjectNode fixture, int port, Path workDir, String host) {
        this.workDir = workDir;
        this.host = host;
        this.fixture = fixture.deepCopy();
        this.tenant = TenantFixture.load(fixture.deepCopy(), clock);
        var router = new GraphRouter();
        delta.register(router);
        GroupEndpoints.register(router);
        GroupEndpoints.registerById(router);
        UserEndpoints.register(router);
        UserEndpoints.registerById(router);
        new SynchronizationEndpoints(provisioning).register(router);
        new ProvisioningLogEndpoints(provisioning).register(router);
        ServicePrincipalEndpoints.register(router);
        this.pipeline = new GraphPipeline(this, router, tokens, budget, journal);
        this.batch = new JsonBatch(pipeline);
        this.certificate = SelfSignedCertificate.forHosts(host);
        Path keyStore = workDir.resolve("m365-keystore.p12");
        this.trustStoreFile = workDir.resolve("m365-truststore.p12");
        certificate.writeKeyStore(keyStore, STORE_PASSWORD.toCharArray());
        certificate.writeTrustStore(trustStoreFile, STORE_PASSWORD.toCharArray());
        String bindAddress = host.equals("localhost") ? "127.0.0.1" : "0.0.0.0";
        this.server = SimulatorHttpServer.start(bindAddress, port, keyStore, STORE_PASSWORD,
                new SimulatorHttpServer.Endpoints() {
                    @Override
                    public GraphResponse graph(GraphRequest request) {
                        return pipeline.handle(request, false);
                    }

                    @Override
                    public GraphResponse batch(GraphRequest request) {
                        return pipeline.handleBatch(request, batch::handle);
                    }

                    @Override
                    public GraphResponse identity(String method, String path, Map<String, String> form,
                            Map<String, String> headers) {
                        return identity.handle(M365Simulator.this.tenant, baseUrl(), method, path, form, headers);
                    }
                }, faults, journal, clock);
        this.managedIdentity = ManagedIdentityEndpoint.start(() -> this.tenant, tokens, clock, journal);
    }

    /** Starts on a free port with a temporary folder for the certificate stores. */
    public static M365Simulator start(ObjectNode fixture) {
        return start(fixture, 0);
    }

    /** @param port the HTTPS port, 0 for a free one */
    public static M365Simulator start(ObjectNode fixture, int port) {
        return start(fixture, port, TemporaryFolders.create("provhub-m365"));
    }

    public static M365Simulator start(ObjectNode fixture, int port, Path workDir) {
        return start(fixture, port, workDir, "localhost");
    }

    /**
     * @param host the name clients use to reach it: its URLs and certificate name it. {@code localhost} listens on
     *        the loopback address only; any other name (a container's, in docker-compose.yml) on every address.
     */
    public static M365Simulator start(ObjectNode fixture, int port, Path workDir, String host) {
        return new M365Simulator(fixture, port, workDir, host);
    }

    // ---- where clients connect

    public int port() {
        return server.port();
    }

    /** {@code https://localhost:<port>} (or the host it was started for): the authority host and Graph's host. */
    @Override
    public String baseUrl() {
        return "https://" + host + ":" + port();
    }

    /** {@code https://localhost:<port>/v1.0}: the Graph SDK's base URL. */
    public String graphUrl() {
        return baseUrl() + "/v1.0";
    }

    /** {@code https://localhost:<port>/beta}. */
    public String graphBetaUrl() {
        return baseUrl() + "/beta";
    }

    /** {@code https://localhost:<port>/<tenant id>}: the authority. */
    public String authority() {
        return baseUrl() + "/" + tenant.id();
    }

    public String tokenUrl() {
        return authority() + "/oauth2/v2.0/token";
    }

    public String tenantId() {
        return tenant.id();
    }

    /** A PKCS#12 trust store with the server's certificate, password {@link #STORE_PASSWORD}. */
    public Path trustStoreFile() {
        return trustStoreFile;
    }

    public KeyStore trustStore() {
        return certificate.trustStore();
    }

    public Path workDir() {
        return workDir;
    }

    // ---- the test API

    @Override
    public Tenant tenant() {
        return tenant;
    }

    /** The directory, to change between runs: members, names, users' attributes, deletions. */
    public Directory directory() {
        return tenant.directory();
    }

    /** Replaces the tenant with another fixture (and makes it the one {@link #reset()} returns to). */
    public synchronized void load(ObjectNode newFixture) {
        this.fixture = newFixture.deepCopy();
        reset();
    }

    /**
     * Back to the fixture as loaded: a fresh directory, no journal, no faults, no spent budgets, real time and
     * default settings. Tokens issued before stay valid if the tenant id did not change.
     */
    public synchronized void reset() {
        this.tenant = TenantFixture.load(fixture.deepCopy(), clock);
        journal.clear();
        faults.clear();
        budget.reset();
        delta.reset();
        provisioning.reset();
        clock.reset();
        settings.reset();
    }

    @Override
    public SimulatorClock clock() {
        return clock;
    }

    @Override
    public SimulatorSettings settings() {
        return settings;
    }

    public RequestJournal journal() {
        return journal;
    }

    public Faults faults() {
        return faults;
    }

    /** The inbound provisioning service: its logs, and a wait until staged bulk requests are processed. */
    public InboundProvisioning provisioning() {
        return provisioning;
    }

    /**
     * The managed identity endpoint of the pods' host (App Service style): {@code IDENTITY_ENDPOINT} is its
     * {@code url()}, {@code IDENTITY_HEADER} its {@code header()}; {@code assign(appId)} gives the host an identity.
     */
    public ManagedIdentityEndpoint managedIdentity() {
        return managedIdentity;
    }

    @Override
    public void close() {
        server.close();
        managedIdentity.close();
        provisioning.close();
    }
}
