package dev.provhub.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL 17 server: an embedded one from the {@code io.zonky.test} binaries, or an existing server when
 * {@code PROVHUB_TEST_PG_URL} is set (with {@code PROVHUB_TEST_PG_USER} and {@code PROVHUB_TEST_PG_PASSWORD}).
 * Each user of the server gets a database of its own through {@link #createDatabase(String)}.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String URL_ENV = "PROVHUB_TEST_PG_URL";
    public static final String USER_ENV = "PROVHUB_TEST_PG_USER";
    public static final String PASSWORD_ENV = "PROVHUB_TEST_PG_PASSWORD";

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /** The embedded server while it runs; null for an existing server and while an embedded one is stopped. */
    private EmbeddedPostgres embedded;
    /** The embedded server's data and port (kept across {@link #stop()} and {@link #restart()}); null otherwise. */
    private final Path dataDir;
    private final int port;
    /** JDBC URL of the server's maintenance database, without the database name's trailing part. */
    private final String serverUrl;
    private final String maintenanceDatabase;
    private final String username;
    private final String password;

    private LocalPostgres(EmbeddedPostgres embedded, Path dataDir, String serverUrl, String maintenanceDatabase,
            String username, String password) {
        this.embedded = embedded;
        this.dataDir = dataDir;
        this.port = embedded == null ? 0 : embedded.getPort();
        this.serverUrl = serverUrl;
        this.maintenanceDatabase = maintenanceDatabase;
        this.username = username;
        this.password = password;
    }

    /** The existing server named by {@code PROVHUB_TEST_PG_URL} if set, else an embedded one on a free port. */
    public static LocalPostgres start() {
        String url = System.getenv(URL_ENV);
        if (url != null && !url.isBlank()) {
            return existing(url, System.getenv().getOrDefault(USER_ENV, "postgres"),
                    System.getenv().getOrDefault(PASSWORD_ENV, ""));
        }
        try {
            return embedded(Files.createTempDirectory("provhub-pg"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An embedded server with its data in {@code dataDir} (emptied first), on {@code port} (0: a free one). */
    public static LocalPostgres embedded(Path dataDir, int port) {
        QuietLogs.apply();
        Directories.deleteRecursively(dataDir);
        EmbeddedPostgres pg = startEmbedded(dataDir, FreePorts.orPick(port));
        return new LocalPostgres(pg, dataDir, "jdbc:postgresql://localhost:" + pg.getPort() + "/", "postgres",
                "postgres", "postgres");
    }

    /** Starts the server on the data in {@code dataDir}, made first if there is none. */
    private static EmbeddedPostgres startEmbedded(Path dataDir, int port) {
        try {
            // never cleaned by the library, which would delete the data when the server stops: close() does
            return EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL server", e);
        }
    }

    /**
     * Stops the embedded server as an administrator's restart does (open connections are closed), keeping its data.
     *
     * @throws UnsupportedOperationException for an existing server, which is not ours to stop
     */
    public synchronized void stop() {
        requireEmbedded();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            embedded = null;
        }
    }

    /** Starts a stopped embedded server again, on the same port and with the same data. */
    public synchronized void restart() {
        requireEmbedded();
        if (embedded == null) {
            embedded = startEmbedded(dataDir, port);
        }
    }

    private void requireEmbedded() {
        if (dataDir == null) {
            throw new UnsupportedOperationException("an existing PostgreSQL server is not stopped by the tests");
        }
    }

    /** An existing server; {@code url} names any database on it that the user may connect to. */
    public static LocalPostgres existing(String url, String username, String password) {
        int slash = url.lastIndexOf('/');
        int query = url.indexOf('?', slash);
        String database = query < 0 ? url.substring(slash + 1) : url.substring(slash + 1, query);
        return new LocalPostgres(null, null, url.substring(0, slash + 1), database.isEmpty() ? "postgres" : database,
                username, password);
    }

    public boolean isEmbedded() {
        return dataDir != null;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public String jdbcUrl(String database) {
        return serverUrl + database;
    }

    /** Creates the database unless it exists and returns its JDBC URL. */
    public String createDatabase(String database) {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection c = connect(maintenanceDatabase);
                var exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            try (var rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (var create = c.createStatement()) {
                        create.execute("create database " + database);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database + ": " + e.getMessage(), e);
        }
        return jdbcUrl(database);
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), username, password);
    }

    /** Answers when a real JDBC client can run a query. */
    public String checkHealth() throws SQLException {
        try (Connection c = connect(maintenanceDatabase);
                var st = c.createStatement();
                var rs = st.executeQuery("show server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Override
    public synchronized void close() {
        if (dataDir != null) {
            stop();
            awaitServerExit();
            Directories.deleteRecursively(dataDir);
        }
    }

    /**
     * Waits (up to 30 s) until the server process has left: one slower to stop than pg_ctl waits still writes its
     * statistics into the data folder on its way out, which left folders of {@code pg_stat} behind in the
     * temporary folder after every test JVM.
     */
    private void awaitServerExit() {
        Path pid = dataDir.resolve("postmaster.pid");
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (Files.exists(pid) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
