package dev.provhub.localinfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The local stack's infrastructure in one process: Kafka, PostgreSQL (a database per service), SMTP and FTPS on
 * fixed ports. It checks each with a real client, writes the connection settings to {@code
 *
<dir>
 * /stack.env} as
 * environment variables the services read, writes {@code
 *
<dir>
 * /ready}, and runs until it is told to stop (Ctrl-C
 * or SIGTERM), when it stops everything and removes {@code ready}.
 *
 * <pre>
 * java -cp "libs/local-infra/target/local-infra-*.jar:libs/local-infra/target/lib/*" dev.provhub.localinfra.LocalStack
 *      [--dir .local] [--kafka-port 9092] [--postgres-port 15432]
 *      [--smtp-port 2525] [--ftps-port 2121] [--databases import,export,sync,scim]
 * </pre>
 */
public final class LocalStack {

    private final StartedServers started = new StartedServers("local-stack");
    private final CountDownLatch stopped = new CountDownLatch(1);

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        new LocalStack().run(options);
    }

    private void run(Map<String, String> options) throws Exception {
        Path dir = Path.of(options.getOrDefault("dir", ".local")).toAbsolutePath();
        Files.createDirectories(dir);
        Path ready = dir.resolve("ready");
        Files.deleteIfExists(ready);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(ready), "local-stack-shutdown"));

        var env = new LinkedHashMap<String, String>();
        try {
            LocalKafka kafka = remember(LocalKafka.start(dir.resolve("kafka"), port(options, "kafka-port", 9092),
                    true));
            kafka.checkHealth(Duration.ofSeconds(30));
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            say("kafka       " + kafka.bootstrapServers() + "  healthy");

            LocalPostgres postgres = remember(LocalPostgres.embedded(dir.resolve("postgres"),
                    port(options, "postgres-port", 15432)));
            String version = postgres.checkHealth();
            for (String database : options.getOrDefault("databases", "import,export,sync,scim").split(",")) {
                String name = database.trim();
                if (!name.isEmpty()) {
                    String url = postgres.createDatabase(name);
                    env.put("PROVHUB_" + name.toUpperCase() + "_DB_URL", url);
                    say("postgres    " + url + "  healthy (PostgreSQL " + version + ")");
                }
            }
            env.put("QUARKUS_DATASOURCE_USERNAME", postgres.username());
            env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());

            LocalSmtp smtp = remember(LocalSmtp.start(port(options, "smtp-port", 2525)));
            smtp.checkHealth();
            env.put("QUARKUS_MAILER_HOST", smtp.host());
            env.put("QUARKUS_MAILER_PORT", String.valueOf(smtp.port()));
            say("smtp        smtp://" + smtp.host() + ":" + smtp.port() + "  healthy (keeps mail, relays none)");

            LocalFtps ftps = remember(LocalFtps.start(dir.resolve("ftps"), port(options, "ftps-port", 2121), false,
                    "provhub", "provhub"));
            ftps.checkHealth();
            env.put("PROVHUB_FTPS_URL", ftps.url());
            env.put("PROVHUB_FTPS_USER", ftps.username());
            env.put("PROVHUB_FTPS_PASSWORD", ftps.password());
            env.put("PROVHUB_FTPS_TRUST_STORE", ftps.trustStoreFile().toString());
            env.put("PROVHUB_FTPS_TRUST_STORE_PASSWORD", LocalFtps.STORE_PASSWORD);
            say("ftps        " + ftps.url() + "  healthy (explicit TLS, user provhub, uploads in " + ftps.home()
                    + ")");

            LocalJwtIssuer jwt = LocalJwtIssuer.generate();
            Path publicKey = jwt.writePublicKey(dir.resolve("jwt-public.pem"));
            env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toUri().toString());
            env.put("MP_JWT_VERIFY_ISSUER", LocalJwtIssuer.ISSUER);
            Path adminToken = dir.resolve("admin.jwt");
            Files.writeString(adminToken, jwt.token("local-admin", java.util.List.of(LocalJwtIssuer.ADMIN),
                    Duration.ofHours(12)) + "\n");
            say("jwt         issuer " + LocalJwtIssuer.ISSUER + "; an admin token (12 h) is in " + adminToken);
        } catch (Exception e) {
            System.err.println("local-stack: could not start: " + e);
            System.exit(1);
        }

        var lines = new StringBuilder();
        env.forEach((name, value) -> lines.append(name).append('=').append(value).append('\n'));
        Files.writeString(dir.resolve("stack.env"), lines);
        Files.writeString(ready, "ready\n");
        say("all healthy; settings in " + dir.resolve("stack.env") + "; Ctrl-C stops");
        stopped.await();
    }

    private <T extends AutoCloseable> T remember(T server) {
        return started.add(server);
    }

    private void stop(Path ready) {
        try {
            Files.deleteIfExists(ready);
        } catch (IOException e) {
            // the marker only tells scripts we are up
        }
        started.stopAll();
        say("stopped");
        stopped.countDown();
    }

    private static int port(Map<String, String> options, String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)));
    }

    private static Map<String, String> parse(String[] args) {
        var options = new LinkedHashMap<String, String>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: LocalStack [--name value]...; bad argument " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static void say(String line) {
        System.out.println("local-stack: " + line);
    }
}
