package dev.provhub.exporter.ftps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.provhub.localinfra.TemporaryFolders;

/**
 * A real vsftpd (the distribution's {@code /usr/sbin/vsftpd}) as a child process on a free loopback port: explicit
 * TLS forced for logins and transfers, and {@code require_ssl_reuse=YES}, so every data connection must resume the
 * control connection's TLS session. Logs in a local Linux account, {@value #USER}, through the distribution's PAM
 * service {@code vsftpd}; the account is created if missing and given a fresh random password at every start,
 * which needs root, and locked again when the server stops. Uploads land in a folder of the account's home made
 * for this server and removed with it.
 */
final class VsftpdServer implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/vsftpd");
    static final String USER = "provhubftp";

    private static final int PASSIVE_PORTS = 10;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path workDir;
    private final Path uploadDir;
    private final int port;
    private final String password;
    private final Path trustStore;

    private VsftpdServer(Process process, Path workDir, Path uploadDir, int port, String password, Path trustStore) {
        this.process = process;
        this.workDir = workDir;
        this.uploadDir = uploadDir;
        this.port = port;
        this.password = password;
        this.trustStore = trustStore;
    }

    static boolean isInstalled() {
        return Files.isExecutable(BINARY);
    }

    static VsftpdServer start(TestCertificate certificate) throws IOException, InterruptedException {
        return start(certificate, List.of());
    }

    /** A server that takes uploads at no more than {@code bytesPerSecond} ({@code local_max_rate}), like a slow link. */
    static VsftpdServer rateLimited(TestCertificate certificate, int bytesPerSecond)
            throws IOException, InterruptedException {
        return start(certificate, List.of("local_max_rate=" + bytesPerSecond));
    }

    private static VsftpdServer start(TestCertificate certificate, List<String> extraSettings)
            throws IOException, InterruptedException {
        Path workDir = TemporaryFolders.create("provhub-vsftpd");
        String password = "Vsftpd-" + UUID.randomUUID();
        Path home = LocalAccount.ensure(USER, password);
        Path uploadDir = Files.createDirectory(home.resolve("export-test-" + UUID.randomUUID()));
        UserPrincipal owner = uploadDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
        Files.setOwner(uploadDir, owner);

        // vsftpd chroots its unprivileged helper here; it must exist and be empty
        Path emptyDir = Files.createDirectory(workDir.resolve("empty"));
        Path certificateFile = certificate.writeCertificatePem(workDir.resolve("vsftpd.crt"));
        Path keyFile = certificate.writePrivateKeyPem(workDir.resolve("vsftpd.key"));
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        Path trustStore = certificate.writeTrustStore(workDir.resolve("trusted.p12"));

        int port = freePort();
        int passiveFrom = freePortRange(PASSIVE_PORTS);
        Path config = Files.write(workDir.resolve("vsftpd.conf"), Stream.concat(Stream.of(
                "listen=YES",
                "listen_ipv6=NO",
                "listen_address=127.0.0.1",
                "listen_port=" + port,
                "background=NO",
                "anonymous_enable=NO",
                "local_enable=YES",
                "write_enable=YES",
                "check_shell=NO",
                "chroot_local_user=NO",
                "allow_writeable_chroot=YES",
                "pam_service_name=vsftpd",
                "seccomp_sandbox=NO",
                "secure_chroot_dir=" + emptyDir,
                "pasv_enable=YES",
                "pasv_min_port=" + passiveFrom,
                "pasv_max_port=" + (passiveFrom + PASSIVE_PORTS - 1),
                "ssl_enable=YES",
                "force_local_logins_ssl=YES",
                "force_local_data_ssl=YES",
                "require_ssl_reuse=YES",
                "ssl_ciphers=HIGH",
                "rsa_cert_file=" + certificateFile,
                "rsa_private_key_file=" + keyFile,
                "xferlog_enable=YES",
                "log_ftp_protocol=YES",
                "debug_ssl=YES",
                "vsftpd_log_file=" + workDir.resolve("vsftpd.log")), extraSettings.stream()).toList());
        Process process = new ProcessBuilder(BINARY.toString(), config.toString()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("stdout.log").toFile()).start();
        var server = new VsftpdServer(process, workDir, uploadDir, port, password, trustStore);
        try {
            server.awaitGreeting();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    int port() {
        return port;
    }

    String password() {
        return password;
    }

    /** Where uploads to {@link #target()} land. */
    Path uploadDir() {
        return uploadDir;
    }

    Path trustStore() {
        return trustStore;
    }

    /** The upload folder of this server, logged in as {@value #USER}, its certificate trusted. */
    FtpsTarget target() {
        return FtpsTarget.parse("ftps://localhost:" + port + "/" + uploadDir.getFileName(), false, USER, password)
                .withTrustStore(trustStore, TestCertificate.STORE_PASSWORD)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    /**
     * Freezes every session process (SIGSTOP): the server stops reading its connections, as a hung server does,
     * while the connections stay open. {@link #resumeSessions()} undoes it.
     */
    void pauseSessions() throws IOException, InterruptedException {
        signalSessions("-STOP");
    }

    void resumeSessions() throws IOException, InterruptedException {
        signalSessions("-CONT");
    }

    private void signalSessions(String signal) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", signal));
        process.descendants().forEach(session -> command.add(Long.toString(session.pid())));
        if (command.size() > 2) {
            // kill signals every process it can; one that ended since it was listed needs no signal
            run(command, null);
        }
    }

    /** vsftpd's own log and its standard output: what to read when a test against it fails. */
    String log() {
        var log = new StringBuilder();
        for (String name : List.of("vsftpd.log", "stdout.log")) {
            Path file = workDir.resolve(name);
            try {
                if (Files.exists(file)) {
                    log.append("--- ").append(name).append('\n').append(Files.readString(file));
                }
            } catch (IOException e) {
                log.append("cannot read ").append(file).append(": ").append(e).append('\n');
            }
        }
        return log.toString();
    }

    @Override
    public void close() {
        // vsftpd forks a process per session; end those it started, then vsftpd itself
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteRecursively(uploadDir);
        deleteRecursively(workDir);
        LocalAccount.lock(USER);
    }

    private void awaitGreeting() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        IOException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("vsftpd ended with exit code " + process.exitValue() + "\n" + log());
            }
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
                socket.setSoTimeout(2_000);
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                String greeting = in.readLine();
                if (greeting != null && greeting.startsWith("220")) {
                    return;
                }
                throw new IllegalStateException("vsftpd greeted with " + greeting + "\n" + log());
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IOException("vsftpd did not answer on port " + port + " within " + START_TIMEOUT + "\n" + log(),
                last);
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The first of {@code count} consecutive loopback ports that are free right now. */
    private static int freePortRange(int count) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            if (allFree(first, count)) {
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports for vsftpd's passive mode");
    }

    private static boolean allFree(int first, int count) {
        for (int port = first; port < first + count; port++) {
            try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int run(List<String> command, String input) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish");
        }
        return process.exitValue();
    }

    /** The local Linux account vsftpd authenticates through PAM. */
    private static final class LocalAccount {

        /** Creates the account if it is missing, sets its password and a login shell PAM accepts; its home. */
        static Path ensure(String user, String password) throws IOException, InterruptedException {
            if (run(List.of("id", "-u", user), null) != 0) {
                require(List.of("useradd", "--create-home", "--shell", "/bin/bash", user));
            }
            // the distribution's /etc/pam.d/vsftpd requires a shell listed in /etc/shells (pam_shells)
            require(List.of("usermod", "--shell", "/bin/bash", user));
            if (run(List.of("chpasswd"), user + ":" + password + "\n") != 0) {
                throw new IllegalStateException("cannot set the password of " + user + " with chpasswd: the tests"
                        + " against vsftpd must run as root");
            }
            Path home = Path.of(homeOf(user));
            if (!Files.isDirectory(home)) {
                throw new IllegalStateException("the home folder of " + user + ", " + home + ", does not exist");
            }
            return home;
        }

        /** Between test runs nobody logs in as the account: its password stays locked. */
        static void lock(String user) {
            try {
                run(List.of("usermod", "--lock", user), null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static String homeOf(String user) throws IOException, InterruptedException {
            Process getent = new ProcessBuilder("getent", "passwd", user).redirectErrorStream(true).start();
            String entry = new String(getent.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (getent.waitFor() != 0) {
                throw new IllegalStateException("no passwd entry for " + user);
            }
            return entry.split(":")[5];
        }

        private static void require(List<String> command) throws IOException, InterruptedException {
            if (run(command, null) != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: the tests against vsftpd"
                        + " must run as root to create and update the account " + USER);
            }
        }
    }
}
