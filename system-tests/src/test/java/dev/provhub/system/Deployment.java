package dev.provhub.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.provhub.localinfra.LocalFtps;
import dev.provhub.localinfra.LocalInfra;
import dev.provhub.localinfra.LocalJwtIssuer;
import dev.provhub.localinfra.LocalKafka;
import dev.provhub.localinfra.LocalPostgres;
import dev.provhub.localinfra.LocalSmtp;

/**
 * One installation of provhub under test: databases, a topic, folders and an FTPS server of its own (and a Microsoft
 * 365 simulator when a test asks for one), on the Kafka, PostgreSQL and SMTP servers that every system test in this
 * JVM shares, and the replicas of its services as processes. One organisation, {@value #ORG}, with a watched folder
 * and a notification contact. Replicas run as in
 * production, except for the settings that make replica tests quick (a heartbeat every second, stale after 5 s) and
 * those the local servers need.
 */
final class Deployment implements AutoCloseable {

    static final String ORG = "/Root/Moran";
    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    static final Duration STALE_AFTER = Duration.ofSeconds(5);

    private static final Path ROOT = Path.of("target", "system-tests").toAbsolutePath();
    private static LocalJwtIssuer jwt;
    private static Path jwtPublicKey;

    private final Path work;
    private final String topic;
    private final Database importDatabase;
    private final Database exportDatabase;
    private final Database scimDatabase;
    private final Database syncDatabase;
    private final LocalFtps ftps;
    private Simulator simulator;
    private final String contact;
    private final Path organisationsFile;
    private final List<ServiceProcess> started = Collections.synchronizedList(new ArrayList<>());

    private Deployment(String name, Path work, LocalFtps ftps) throws IOException {
        this.work = work;
        this.ftps = ftps;
        // unique per run, so that a PostgreSQL server or broker kept between runs never shows an earlier run's data
        String id = name + "_" + UUID.randomUUID().toString().substring(0, 8);
        this.topic = id + "-user-changes";
        LocalPostgres postgres = LocalInfra.postgres();
        this.importDatabase = new Database(postgres, id + "_import");
        this.exportDatabase = new Database(postgres, id + "_export");
        this.scimDatabase = new Database(postgres, id + "_scim");
        this.syncDatabase = new Database(postgres, id + "_sync");
        for (String service : List.of("import", "export", "scim", "sync")) {
            postgres.createDatabase(id + "_" + service);
        }
        // made before any replica subscribes, so that every consumer of the group gets partitions from the start
        kafka().createTopic(topic, LocalKafka.DEFAULT_PARTITIONS);
        this.contact = "ops@" + name + ".example.org";
        this.organisationsFile = Files.writeString(work.resolve("organisations.json"), """
                {"organisations": [{"path": "%s", "profileFields": ["UPN", "EmployeeNumber", "PostalCode"],
                  "settings": {"importFolder": "%s", "backupFolder": "%s", "notificationContacts": ["%s"]}}]}
                """.formatted(ORG, importFolder(), backupFolder(), contact));
    }

    /** @param name lower-case letters and digits: it names the databases, the topic and the work folder */
    static Deployment create(String name) throws IOException {
        if (!name.matches("[a-z][a-z0-9]*")) {
            throw new IllegalArgumentException("not a plain name: " + name);
        }
        Path work = ROOT.resolve(name);
        deleteTree(work);
        Files.createDirectories(work);
        LocalFtps ftps = LocalFtps.start(work.resolve("ftps"), 0, false, "o365", "ftps-secret");
        return new Deployment(name, work, ftps);
    }

    /** A replica of import-service with this deployment's settings; {@link Replica#with} changes them. */
    Replica importReplica(String replica) {
        Map<String, String> config = common(replica);
        config.put("quarkus.datasource.jdbc.url", importDatabase.url());
        config.put("quarkus.mailer.host", smtp().host());
        config.put("quarkus.mailer.port", String.valueOf(smtp().port()));
        // as SmtpTestResource: the local SMTP server speaks no TLS
        config.put("quarkus.mailer.start-tls", "DISABLED");
        config.put("quarkus.mailer.tls", "false");
        // with more than one event loop, a replica's first report mail waits 30 s for a greeting the server sent at
        // once, and is sometimes lost (not a replica matter: reported apart)
        config.put("quarkus.vertx.event-loops-pool-size", "1");
        config.put("provhub.import.organisations-file", organisationsFile.toString());
        config.put("provhub.import.password.iterations", "1000");
        config.put("provhub.import.spool-dir", work.resolve(replica).resolve("spool").toString());
        config.put("provhub.import.folder.cron", "0/1 * * * * ?");
        config.put("provhub.import.folder.settle-time", "0s");
        config.put("provhub.outbox.topic", topic);
        config.put("provhub.outbox.relay.poll-interval", "100ms");
        return new Replica("import-service", replica, config);
    }

    /** A replica of export-service with this deployment's settings; {@link Replica#with} changes them. */
    Replica exportReplica(String replica) {
        Map<String, String> config = common(replica);
        config.put("quarkus.datasource.jdbc.url", exportDatabase.url());
        config.put("mp.messaging.incoming.user-changes.topic", topic);
        config.put("mp.messaging.incoming.user-changes.group.id", exportConsumerGroup());
        config.put("provhub.export.cron", "off");
        config.put("provhub.export.scratch-dir", work.resolve(replica).resolve("scratch").toString());
        config.put("provhub.export.ftps.url", ftps.url());
        config.put("provhub.export.ftps.user", ftps.username());
        config.put("provhub.export.ftps.password", ftps.password());
        config.put("provhub.export.ftps.trust-store", ftps.trustStoreFile().toString());
        config.put("provhub.export.ftps.trust-store-password", LocalFtps.STORE_PASSWORD);
        // uploads held on purpose must not time out first
        config.put("provhub.export.ftps.timeout", "120s");
        return new Replica("export-service", replica, config);
    }

    /**
     * A replica of scim-service with this deployment's settings: user-change events as its source (origins
     * {@code import-service}, flushed after 2 s), sending to the {@link #simulator()}'s provisioning job, its waits
     * shortened as in scim-service's own tests (logs read every second).
     */
    Replica scimReplica(String replica) {
        Map<String, String> config = common(replica);
        config.put("quarkus.datasource.jdbc.url", scimDatabase.url());
        config.put("mp.messaging.incoming.user-changes.topic", topic);
        config.put("mp.messaging.incoming.user-changes.group.id", scimConsumerGroup());
        config.put("provhub.scim.events.enabled", "true");
        config.put("provhub.scim.events.flush-interval", "2s");
        config.put("provhub.scim.events.flush-check", "1s");
        config.put("provhub.scim.resume-cron", "*/1 * * * * ?");
        config.put("provhub.scim.logs.poll-interval", "1s");
        config.put("provhub.scim.logs.reconcile-after", "3s");
        config.put("provhub.scim.sending.bucket-full-backoff-min", "1s");
        config.put("provhub.scim.sending.bucket-full-backoff-max", "2s");
        config.put("provhub.runs.worker.poll-interval", "200ms");
        Simulator m365 = simulator();
        config.put("provhub.scim.target.graph-url", m365.graphUrl());
        config.put("provhub.scim.target.authority-host", m365.authorityHost());
        config.put("provhub.scim.target.tenant-id", m365.tenantId());
        config.put("provhub.scim.target.client-id", m365.clientId());
        config.put("provhub.scim.target.client-secret", m365.clientSecret());
        config.put("provhub.scim.target.trust-store", m365.trustStore());
        config.put("provhub.scim.target.trust-store-password", m365.trustStorePassword());
        config.put("provhub.scim.target.service-principal-id", m365.servicePrincipalId());
        return new Replica("scim-service", replica, config);
    }

    /**
     * A replica of sync-service with this deployment's settings, reading the {@link #simulator()}'s tenant and
     * publishing to the deployment's topic; profiles are added with {@link Replica#with}.
     */
    Replica syncReplica(String replica) {
        Map<String, String> config = common(replica);
        config.put("quarkus.datasource.jdbc.url", syncDatabase.url());
        config.put("provhub.outbox.topic", topic);
        config.put("provhub.outbox.relay.poll-interval", "100ms");
        Simulator m365 = simulator();
        config.put("provhub.sync.graph.url", m365.graphUrl());
        config.put("provhub.sync.graph.authority-host", m365.authorityHost());
        config.put("provhub.sync.graph.disable-instance-discovery", "true");
        config.put("provhub.sync.graph.tenant-id", m365.tenantId());
        config.put("provhub.sync.graph.client-id", m365.clientId());
        config.put("provhub.sync.graph.client-secret", m365.clientSecret());
        config.put("provhub.sync.graph.trust-store", m365.trustStore());
        config.put("provhub.sync.graph.trust-store-password", m365.trustStorePassword());
        return new Replica("sync-service", replica, config);
    }

    private Map<String, String> common(String replica) {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafka().bootstrapServers());
        config.put("quarkus.datasource.username", LocalInfra.postgres().username());
        config.put("quarkus.datasource.password", LocalInfra.postgres().password());
        config.put("mp.jwt.verify.publickey.location", jwtPublicKey().toUri().toString());
        config.put("mp.jwt.verify.issuer", LocalJwtIssuer.ISSUER);
        config.put("provhub.runs.instance-name", replica);
        config.put("provhub.runs.heartbeat-interval", HEARTBEAT_INTERVAL.toMillis() + "ms");
        config.put("provhub.runs.stale-after", STALE_AFTER.toMillis() + "ms");
        return config;
    }

    /**
     * Starts the replicas one after the other, each ready before the next starts, as a rolling start does (two
     * import-service replicas starting at once can collide on the organisations file: see ImportReplicasIT).
     */
    List<ServiceProcess> start(Replica... replicas) throws Exception {
        List<ServiceProcess> processes = new ArrayList<>();
        for (Replica replica : replicas) {
            processes.add(replica.start());
        }
        return processes;
    }

    /** A replica of a service, configured but not started. */
    final class Replica {

        private final String module;
        private final String name;
        private final Map<String, String> config;
        private final Map<String, String> environment;

        private Replica(String module, String name, Map<String, String> config) {
            this(module, name, config, Map.of());
        }

        private Replica(String module, String name, Map<String, String> config, Map<String, String> environment) {
            this.module = module;
            this.name = name;
            this.config = config;
            this.environment = environment;
        }

        /** The same replica with configuration property {@code key} (its own name) set to {@code value}. */
        Replica with(String key, String value) {
            Map<String, String> changed = new HashMap<>(config);
            changed.put(key, value);
            return new Replica(module, name, changed, environment);
        }

        /** The same replica with environment variable {@code name} set, as its pod's host sets it. */
        Replica withEnv(String variable, String value) {
            Map<String, String> changed = new HashMap<>(environment);
            changed.put(variable, value);
            return new Replica(module, name, config, changed);
        }

        /** Starts it and waits until it is ready; the deployment stops it when it closes. */
        ServiceProcess start() throws Exception {
            ServiceProcess process = ServiceProcess.start(module, name, config, environment, log());
            started.add(process);
            return process;
        }

        /** Where it logs, from its start: readable while it is still starting. */
        Path log() {
            return work.resolve(name + ".log");
        }
    }

    String operatorToken() {
        return jwt().token(LocalJwtIssuer.OPERATOR);
    }

    String adminToken() {
        return jwt().token(LocalJwtIssuer.ADMIN);
    }

    /** The folder the deployment's files live in (replica logs, spools, the organisations file). */
    Path work() {
        return work;
    }

    String topic() {
        return topic;
    }

    /** The consumer group every export-service replica of this deployment reads the topic in. */
    String exportConsumerGroup() {
        return topic + "-export-service";
    }

    /** The consumer group every scim-service replica of this deployment reads the topic in. */
    String scimConsumerGroup() {
        return topic + "-scim-service";
    }

    /** The Microsoft 365 simulator of this deployment (its demo tenant), started on first use in this JVM. */
    synchronized Simulator simulator() {
        if (simulator == null) {
            simulator = Simulator.start(work.resolve("m365"));
        }
        return simulator;
    }

    Database scimDatabase() {
        return scimDatabase;
    }

    Database syncDatabase() {
        return syncDatabase;
    }

    Database importDatabase() {
        return importDatabase;
    }

    Database exportDatabase() {
        return exportDatabase;
    }

    LocalFtps ftps() {
        return ftps;
    }

    /** The PostgreSQL server every deployment of this JVM shares (stopping it stops theirs too). */
    LocalPostgres postgres() {
        return LocalInfra.postgres();
    }

    LocalKafka kafka() {
        return LocalInfra.kafka();
    }

    LocalSmtp smtp() {
        return LocalInfra.smtp();
    }

    /** Where the organisation's notification mails go. */
    String contact() {
        return contact;
    }

    Path importFolder() {
        return work.resolve("moran").resolve("in");
    }

    Path backupFolder() {
        return work.resolve("moran").resolve("backup");
    }

    /** Drops a file into the organisation's watched folder the way a transfer does: written aside, then moved in. */
    void drop(String fileName, String content) throws IOException {
        Files.createDirectories(importFolder());
        Path temp = Files.writeString(work.resolve(fileName + ".tmp"), content);
        Files.move(temp, importFolder().resolve(fileName));
    }

    /** The replicas' user-change events on the topic, from its start. */
    List<TopicRecords.UserChange> userChanges() {
        return TopicRecords.userChanges(kafka().bootstrapServers(), topic);
    }

    /** Ends every replica it started, at once: a deployment under test is thrown away, nothing of it is kept. */
    @Override
    public void close() throws InterruptedException {
        try {
            for (ServiceProcess process : List.copyOf(started)) {
                process.kill();
            }
        } finally {
            ftps.close();
            synchronized (this) {
                if (simulator != null) {
                    simulator.close();
                }
            }
        }
    }

    private static synchronized LocalJwtIssuer jwt() {
        if (jwt == null) {
            jwt = LocalJwtIssuer.generate();
        }
        return jwt;
    }

    private static synchronized Path jwtPublicKey() {
        if (jwtPublicKey == null) {
            jwtPublicKey = jwt().writePublicKey(ROOT.resolve("jwt-public.pem"));
        }
        return jwtPublicKey;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
