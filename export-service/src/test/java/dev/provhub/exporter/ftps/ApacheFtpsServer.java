package dev.provhub.exporter.ftps;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpFile;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfiguration;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.ClearTextPasswordEncryptor;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;

import dev.provhub.localinfra.TemporaryFolders;

/**
 * An in-process Apache FtpServer for the tests: explicit or implicit TLS with a {@link TestCertificate}, or no TLS
 * at all; one user with a temporary home folder. It refuses transfers over an unprotected data connection, records
 * every command it receives (the password as {@code PASS ****}), and can be told to misbehave: refuse a command, or
 * keep one byte less of each temporary {@code .part} file than it received.
 */
final class ApacheFtpsServer implements AutoCloseable {

    static final String USER = "provhub";
    static final String PASSWORD = "Exp0rt-Secret-42";

    private final FtpServer server;
    private final int port;
    private final Path workDir;
    private final Path home;
    private final Path trustStore;
    private final Quirks quirks;

    private ApacheFtpsServer(FtpServer server, int port, Path workDir, Path home, Path trustStore, Quirks quirks) {
        this.server = server;
        this.port = port;
        this.workDir = workDir;
        this.home = home;
        this.trustStore = trustStore;
        this.quirks = quirks;
    }

    static ApacheFtpsServer explicitTls(TestCertificate certificate) {
        return start(certificate, certificate, false, List.of(certificate));
    }

    static ApacheFtpsServer implicitTls(TestCertificate certificate) {
        return start(certificate, certificate, true, List.of(certificate));
    }

    /**
     * A server whose data connections present another certificate than its control connection, from a TLS context
     * of their own, so they can never resume the control session; {@link #target} trusts {@code trusted}.
     */
    static ApacheFtpsServer explicitTlsWithDataCertificate(TestCertificate control, TestCertificate data,
            List<TestCertificate> trusted) {
        return start(control, data, false, trusted);
    }

    /** A plain FTP server: it answers {@code AUTH TLS} with a refusal. */
    static ApacheFtpsServer withoutTls() {
        return start(null, null, false, List.of());
    }

    private static ApacheFtpsServer start(TestCertificate certificate, TestCertificate dataCertificate,
            boolean implicitTls, List<TestCertificate> trusted) {
        try {
            Path workDir = TemporaryFolders.create("provhub-ftpserver");
            Path home = Files.createDirectories(workDir.resolve("home"));
            var listener = new ListenerFactory();
            listener.setServerAddress("127.0.0.1");
            listener.setPort(0);
            var dataConnections = new DataConnectionConfigurationFactory();
            dataConnections.setPassiveAddress("127.0.0.1");
            dataConnections.setActiveEnabled(false);
            Path trustStore = null;
            if (certificate != null) {
                listener.setSslConfiguration(tls(certificate, workDir.resolve("control.p12")));
                listener.setImplicitSsl(implicitTls);
                if (dataCertificate != certificate) {
                    dataConnections.setSslConfiguration(tls(dataCertificate, workDir.resolve("data.p12")));
                }
                trustStore = TestCertificate.writeTrustStore(workDir.resolve("trusted.p12"), trusted);
            }
            listener.setDataConnectionConfiguration(dataConnections.createDataConnectionConfiguration());

            var factory = new FtpServerFactory();
            factory.addListener("default", listener.createListener());
            factory.setUserManager(userManager(workDir, home));
            var quirks = new Quirks();
            factory.getFtplets().put("quirks", quirks);
            FtpServer server = factory.createServer();
            server.start();
            int port = factory.getListener("default").getPort();
            return new ApacheFtpsServer(server, port, workDir, home, trustStore, quirks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FtpException e) {
            throw new IllegalStateException("cannot start Apache FtpServer", e);
        }
    }

    private static SslConfiguration tls(TestCertificate certificate, Path keyStore) {
        var ssl = new SslConfigurationFactory();
        ssl.setKeystoreFile(certificate.writeKeyStore(keyStore).toFile());
        ssl.setKeystorePassword(TestCertificate.STORE_PASSWORD);
        ssl.setKeystoreType("PKCS12");
        ssl.setSslProtocol("TLSv1.3", "TLSv1.2");
        return ssl.createSslConfiguration();
    }

    private static UserManager userManager(Path workDir, Path home) throws IOException, FtpException {
        var users = new PropertiesUserManagerFactory();
        users.setPasswordEncryptor(new ClearTextPasswordEncryptor());
        users.setFile(Files.createFile(workDir.resolve("users.properties")).toFile());
        UserManager manager = users.createUserManager();
        var user = new BaseUser();
        user.setName(USER);
        user.setPassword(PASSWORD);
        user.setHomeDirectory(home.toString());
        user.setAuthorities(List.of(new WritePermission()));
        manager.save(user);
        return manager;
    }

    int port() {
        return port;
    }

    /** {@code ftps://localhost:port} plus {@code path}, e.g. {@code url("/incoming")}. */
    String url(String path) {
        return "ftps://localhost:" + port + path;
    }

    /** The target with the test user and this server's certificate trusted. */
    FtpsTarget target(String path, boolean implicitTls) {
        return FtpsTarget.parse(url(path), implicitTls, USER, PASSWORD)
                .withTrustStore(trustStore, TestCertificate.STORE_PASSWORD);
    }

    Path home() {
        return home;
    }

    /** Names of the files below the home folder, relative to it, sorted. */
    List<String> files() {
        try (Stream<Path> files = Files.walk(home)) {
            return files.filter(Files::isRegularFile).map(file -> home.relativize(file).toString()).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every command received so far, e.g. {@code STOR .a.csv.part}, in order. */
    List<String> commands() {
        return List.copyOf(quirks.commands);
    }

    /** Whether each transfer so far ran over a TLS-protected data connection. */
    List<Boolean> protectedTransfers() {
        return List.copyOf(quirks.protectedTransfers);
    }

    /** Answer {@code command} with {@code code} from now on instead of carrying it out. */
    void refuse(String command, int code, String text) {
        quirks.refused.put(command.toUpperCase(Locale.ROOT), new DefaultFtpReply(code, text));
    }

    /** Before answering a size query for a {@code .part} file, drop its last byte, as if the transfer lost it. */
    void keepOneByteLessOfTemporaryFiles() {
        quirks.truncate = true;
    }

    @Override
    public void close() {
        server.stop();
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Quirks extends DefaultFtplet {

        private static final List<String> TRANSFERS = List.of("STOR", "RETR", "LIST", "NLST", "MLSD", "APPE");
        private static final List<String> SIZE_QUERIES = List.of("SIZE", "MLST", "LIST");

        final List<String> commands = new CopyOnWriteArrayList<>();
        final List<Boolean> protectedTransfers = new CopyOnWriteArrayList<>();
        final Map<String, DefaultFtpReply> refused = new ConcurrentHashMap<>();
        volatile boolean truncate;

        @Override
        public FtpletResult beforeCommand(FtpSession session, FtpRequest request) throws FtpException, IOException {
            String command = request.getCommand().toUpperCase(Locale.ROOT);
            commands.add(command.equals("PASS") ? "PASS ****"
                    : request.hasArgument() ? command + " " + request.getArgument() : command);
            DefaultFtpReply refusal = refused.get(command);
            if (refusal != null) {
                session.write(refusal);
                return FtpletResult.SKIP;
            }
            if (TRANSFERS.contains(command)) {
                boolean isProtected = session.getDataConnection().isSecure();
                protectedTransfers.add(isProtected);
                if (!isProtected) {
                    session.write(new DefaultFtpReply(521, "Data connections must be protected: send PROT P"));
                    return FtpletResult.SKIP;
                }
            }
            if (truncate && SIZE_QUERIES.contains(command) && request.hasArgument()
                    && request.getArgument().endsWith(".part")) {
                String path = request.getArgument().replaceFirst("^-\\S+\\s+", "");
                dropLastByte(session.getFileSystemView().getFile(path));
            }
            return FtpletResult.DEFAULT;
        }

        private static void dropLastByte(FtpFile file) throws IOException {
            if (file.getPhysicalFile() instanceof File physical && physical.length() > 0) {
                try (var content = new RandomAccessFile(physical, "rw")) {
                    content.setLength(content.length() - 1);
                }
            }
        }
    }
}
