package dev.provhub.localinfra;

/**
 * One Kafka broker, one PostgreSQL server, one SMTP server and one FTPS server per JVM, started on first use and
 * stopped when the JVM exits. Test resources share them, so a test run pays each start-up once; every service
 * under test gets a database of its own.
 */
public final class LocalInfra {

    private static final StartedServers STARTED = new StartedServers("local-infra");
    private static LocalKafka kafka;
    private static LocalPostgres postgres;
    private static LocalSmtp smtp;
    private static LocalFtps ftps;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(STARTED::stopAll, "local-infra-shutdown"));
    }

    private LocalInfra() {
    }

    public static synchronized LocalKafka kafka() {
        if (kafka == null) {
            kafka = remember(LocalKafka.start());
        }
        return kafka;
    }

    public static synchronized LocalPostgres postgres() {
        if (postgres == null) {
            postgres = remember(LocalPostgres.start());
        }
        return postgres;
    }

    public static synchronized LocalSmtp smtp() {
        if (smtp == null) {
            smtp = remember(LocalSmtp.start(0));
        }
        return smtp;
    }

    public static synchronized LocalFtps ftps() {
        if (ftps == null) {
            ftps = remember(LocalFtps.start());
        }
        return ftps;
    }

    private static <T extends AutoCloseable> T remember(T server) {
        return STARTED.add(server);
    }
}
