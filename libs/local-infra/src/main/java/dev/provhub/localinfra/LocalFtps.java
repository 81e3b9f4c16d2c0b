package dev.provhub.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;
import org.apache.commons.net.util.TrustManagerUtils;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.SaltedPasswordEncryptor;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;

/**
 * A real FTPS server (Apache FtpServer) with a certificate generated at start and one user with a home folder.
 * Like a production FTPS peer it refuses to log in before {@code AUTH TLS} (explicit mode) and refuses transfers
 * over an unprotected data connection ({@code PROT P} is required).
 */
public final class LocalFtps implements AutoCloseable {

    /** The password of the key store and trust store files. */
    public static final String STORE_PASSWORD = "changeit";

    private final FtpServer server;
    private final int port;
    private final boolean implicitTls;
    private final String username;
    private final String password;
    private final Path home;
    private final Path trustStoreFile;
    private final SelfSignedCertificate certificate;
    private final Path workDir;
    private final UploadGate uploadGate;

    private LocalFtps(FtpServer server, int port, boolean implicitTls, String username, String password, Path home,
            Path trustStoreFile, SelfSignedCertificate certificate, Path workDir, UploadGate uploadGate) {
        this.server = server;
        this.port = port;
        this.implicitTls = implicitTls;
        this.username = username;
        this.password = password;
        this.home = home;
        this.trustStoreFile = trustStoreFile;
        this.certificate = certificate;
        this.workDir = workDir;
        this.uploadGate = uploadGate;
    }

    /** Explicit TLS on a free port, a temporary home folder, user {@code provhub}. */
    public static LocalFtps start() {
        return start(TemporaryFolders.create("provhub-ftps"), 0, false, "provhub", "ftps-secret");
    }

    /**
     * @param workDir where the user's home folder, the key store and the trust store are kept
     * @param port the control port, or 0 for a free one
     * @param implicitTls TLS from the first byte instead of {@code AUTH TLS}
     */
    public static LocalFtps start(Path workDir, int port, boolean implicitTls, String username, String password) {
        QuietLogs.apply();
        try {
            Path home = Files.createDirectories(workDir.resolve("home").resolve(username));
            Path keyStore = workDir.resolve("ftps-keystore.p12");
            Path trustStore = workDir.resolve("ftps-truststore.p12");
            var certificate = SelfSignedCertificate.forLocalhost();
            certificate.writeKeyStore(keyStore, STORE_PASSWORD.toCharArray());
            certificate.writeTrustStore(trustStore, STORE_PASSWORD.toCharArray());

            var ssl = new SslConfigurationFactory();
            ssl.setKeystoreFile(keyStore.toFile());
            ssl.setKeystorePassword(STORE_PASSWORD);
            ssl.setKeystoreType("PKCS12");
            ssl.setSslProtocol("TLSv1.3", "TLSv1.2");

            int chosenPort = FreePorts.orPick(port);
            var dataConnections = new DataConnectionConfigurationFactory();
            dataConnections.setPassiveAddress("127.0.0.1");
            dataConnections.setPassiveExternalAddress("127.0.0.1");
            dataConnections.setActiveEnabled(false);

            var listener = new ListenerFactory();
            listener.setServerAddress("127.0.0.1");
            listener.setPort(chosenPort);
            listener.setSslConfiguration(ssl.createSslConfiguration());
            listener.setImplicitSsl(implicitTls);
            listener.setDataConnectionConfiguration(dataConnections.createDataConnectionConfiguration());

            var users = new PropertiesUserManagerFactory();
            users.setPasswordEncryptor(new SaltedPasswordEncryptor());
            Path usersFile = workDir.resolve("users.properties");
            Files.deleteIfExists(usersFile);
            Files.createFile(usersFile);
            users.setFile(usersFile.toFile());
            var userManager = users.createUserManager();
            var user = new BaseUser();
            user.setName(username);
            user.setPassword(password);
            user.setHomeDirectory(home.toString());
            user.setAuthorities(List.of(new WritePermission()));
            userManager.save(user);

            var factory = new FtpServerFactory();
            factory.addListener("default", listener.createListener());
            factory.setUserManager(userManager);
            factory.getFtplets().put("tls-required", new TlsRequired());
            var uploadGate = new UploadGate();
            factory.getFtplets().put("upload-gate", uploadGate);
            FtpServer server = factory.createServer();
            server.start();
            return new LocalFtps(server, chosenPort, implicitTls, username, password, home, trustStore, certificate,
                    workDir, uploadGate);
        } catch (FtpException e) {
            throw new IllegalStateException("could not start the FTPS server", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String host() {
        return "localhost";
    }

    public int port() {
        return port;
    }

    public boolean implicitTls() {
        return implicitTls;
    }

    /** {@code ftps://localhost:port/}: the URL form the export's configuration takes. */
    public String url() {
        return "ftps://localhost:" + port + "/";
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** The user's home folder: what clients upload lands here. */
    public Path home() {
        return home;
    }

    /** A file below the user's home folder, e.g. {@code uploaded("Uudet_20260101000000.csv")}. */
    public Path uploaded(String relativePath) {
        return home.resolve(relativePath);
    }

    public List<Path> uploadedFiles() {
        try (var files = Files.list(home)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PKCS#12 file with the server's certificate, password {@link #STORE_PASSWORD}. */
    public Path trustStoreFile() {
        return trustStoreFile;
    }

    public SelfSignedCertificate certificate() {
        return certificate;
    }

    public Path workDir() {
        return workDir;
    }

    /**
     * A client that trusts this server's certificate, connected and logged in over TLS with a protected data
     * channel and binary transfers. The caller disconnects it.
     */
    public FTPSClient connectClient() throws IOException {
        var client = new FTPSClient("TLS", implicitTls);
        try {
            client.setTrustManager(TrustManagerUtils.getDefaultTrustManager(certificate.trustStore()));
        } catch (GeneralSecurityException e) {
            throw new IOException("could not trust the server's certificate", e);
        }
        client.setEndpointCheckingEnabled(true);
        client.setConnectTimeout(10_000);
        client.setDefaultTimeout(10_000);
        client.connect(host(), port);
        if (!FTPReply.isPositiveCompletion(client.getReplyCode())) {
            throw new IOException("FTPS server refused the connection: " + client.getReplyString());
        }
        if (!client.login(username, password)) {
            throw new IOException("FTPS login refused: " + client.getReplyString());
        }
        client.execPBSZ(0);
        client.execPROT("P");
        client.enterLocalPassiveMode();
        client.setFileType(FTP.BINARY_FILE_TYPE);
        return client;
    }

    /** Answers when a real FTPS client can log in over TLS and list the home folder. */
    public void checkHealth() throws IOException {
        FTPSClient client = connectClient();
        try {
            if (client.listNames() == null) {
                throw new IOException("FTPS listing failed: " + client.getReplyString());
            }
            client.logout();
        } finally {
            client.disconnect();
        }
    }

    /** Stops accepting connections (a server that is down for clients); {@link #resume()} brings it back. */
    public void suspend() {
        server.suspend();
    }

    public void resume() {
        server.resume();
    }

    /**
     * Holds every upload ({@code STOR}, {@code STOU}, {@code APPE}) before its first byte until the hold is
     * released: a server that stalls in the middle of a client's run. Other commands and other sessions go on.
     * Uploads that start after the release go through.
     */
    public UploadHold holdUploads() {
        var hold = new UploadHold(uploadGate);
        uploadGate.hold(hold);
        return hold;
    }

    @Override
    public void close() {
        uploadGate.releaseAll();
        server.stop();
    }

    /** Uploads held by {@link #holdUploads()}: which were held, and their release. */
    public static final class UploadHold implements AutoCloseable {

        private final UploadGate gate;
        private final CountDownLatch released = new CountDownLatch(1);
        private final BlockingQueue<String> held = new LinkedBlockingQueue<>();

        private UploadHold(UploadGate gate) {
            this.gate = gate;
        }

        /**
         * Waits until a client's upload is held.
         *
         * @return the name the client uploads to
         * @throws IllegalStateException when no upload started within {@code timeout}
         */
        public String awaitHeldUpload(Duration timeout) throws InterruptedException {
            String name = held.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (name == null) {
                throw new IllegalStateException("no upload started within " + timeout);
            }
            return name;
        }

        /** Lets the held uploads go on, and the ones that follow. */
        public void release() {
            gate.release(this);
            released.countDown();
        }

        @Override
        public void close() {
            release();
        }

        void waitForRelease(String name) throws InterruptedException {
            held.add(name);
            // a test that forgets to release must not leave the server's threads blocked for ever
            released.await(10, TimeUnit.MINUTES);
        }
    }

    /** Holds uploads while an {@link UploadHold} is in place. */
    static final class UploadGate extends DefaultFtplet {

        private static final Set<String> UPLOAD = Set.of("STOR", "STOU", "APPE");

        private volatile UploadHold current;

        void hold(UploadHold hold) {
            current = hold;
        }

        synchronized void release(UploadHold hold) {
            if (current == hold) {
                current = null;
            }
        }

        void releaseAll() {
            UploadHold hold = current;
            if (hold != null) {
                hold.release();
            }
        }

        @Override
        public FtpletResult beforeCommand(FtpSession session, FtpRequest request) throws FtpException, IOException {
            UploadHold hold = current;
            if (hold != null && UPLOAD.contains(request.getCommand().toUpperCase())) {
                try {
                    hold.waitForRelease(request.getArgument());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new FtpException("interrupted while an upload was held", e);
                }
            }
            return super.beforeCommand(session, request);
        }
    }

    /** Refuses login before TLS and transfers over a clear data connection, as strict FTPS servers do. */
    static final class TlsRequired extends DefaultFtplet {

        private static final Set<String> LOGIN = Set.of("USER", "PASS");
        private static final Set<String> TRANSFER = Set.of("STOR", "STOU", "APPE", "RETR", "LIST", "NLST", "MLSD");

        @Override
        public FtpletResult beforeCommand(FtpSession session, FtpRequest request) throws FtpException, IOException {
            String command = request.getCommand().toUpperCase();
            if (LOGIN.contains(command) && !session.isSecure()) {
                return refuse(session, FtpReply.REPLY_530_NOT_LOGGED_IN, "TLS is required: send AUTH TLS first");
            }
            if (TRANSFER.contains(command) && !session.getDataConnection().isSecure()) {
                return refuse(session, 521, "Data connections must be encrypted: send PROT P first");
            }
            return super.beforeCommand(session, request);
        }

        private static FtpletResult refuse(FtpSession session, int code, String message) throws FtpException {
            session.write(new DefaultFtpReply(code, message));
            return FtpletResult.SKIP;
        }
    }
}
