package dev.provhub.exporter.ftps;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;

import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.io.CopyStreamException;

import dev.provhub.exporter.ftps.SessionReusingFtpsClient.AuthTlsRefusedException;
import dev.provhub.exporter.ftps.UploadFailedException.Step;

/**
 * Delivers the daily export files to the Office 365 provisioning FTPS server: one TLS session per run, the server's
 * certificate verified, each file sent under a temporary name ({@code .Uudet_20261121053000.csv.part}), its size
 * checked on the server and only then renamed to its final name, so that whoever picks files up by name never sees
 * a partial one. Never falls back to plain FTP. Stateless and safe to share.
 *
 * <p>
 * Data connections resume the control connection's TLS session ({@link SessionReusingFtpsClient}), which servers
 * such as vsftpd require, with no JVM options. One exception: a server that only speaks TLS 1.2 and issues session
 * tickets valid for more than the 7 days JSSE accepts (vsftpd does) can only be resumed by session id, which needs
 * {@code -Djdk.tls.client.enableSessionTicketExtension=false} for the whole JVM; the failure says so.
 *
 * <p>
 * The target's read timeout is an idle timeout: the session fails when the server sends no reply, or takes no data,
 * for that long, however long a transfer that keeps making progress takes. After the last bytes of a file the
 * server gets the time it needs, at the rate it has been taking data, for what is still in flight, then the timeout
 * (see {@link TransferProgress}).
 */
public final class FtpsUploader {

    private static final System.Logger LOG = System.getLogger(FtpsUploader.class.getName());

    /** How long to wait for the reply a server may still send after a failed transfer. */
    private static final int PENDING_REPLY_MILLIS = 2_000;
    /** vsftpd's reply to a data connection that did not resume the control connection's TLS session. */
    private static final int REUSE_REQUIRED = 522;
    private static final String TLS12_TICKET_HINT = "; over TLS 1.2 JSSE resumes no session from a session ticket"
            + " valid for more than 7 days, as vsftpd issues them: run the JVM with"
            + " -Djdk.tls.client.enableSessionTicketExtension=false";
    /** Shorter passwords occur in ordinary text, so hiding them there would garble messages, not protect them. */
    private static final int MIN_REDACTED_LENGTH = 4;

    /**
     * Uploads {@code files} in one session, in the order given, stopping at the first failure.
     *
     * @return every file, with the size the server confirmed
     * @throws UploadFailedException naming the step, the file and the server's reply; it lists the files that were
     *         delivered before the failure
     * @throws IllegalArgumentException if two files have the same name
     */
    public UploadResult upload(FtpsTarget target, List<Path> files) throws UploadFailedException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(files, "files");
        requireDistinctNames(files);
        var session = new Session(target);
        List<LocalFile> local = session.readable(files);
        if (local.isEmpty()) {
            return new UploadResult(target.url(), "", List.of());
        }
        try {
            session.open();
            for (LocalFile file : local) {
                session.send(file);
            }
            return new UploadResult(target.url(), session.tlsProtocol, session.uploaded);
        } finally {
            session.close();
        }
    }

    private static void requireDistinctNames(List<Path> files) {
        Set<String> names = new HashSet<>();
        for (Path file : files) {
            String name = nameOf(file);
            if (!names.add(name)) {
                throw new IllegalArgumentException("two files named " + name + " in one upload");
            }
        }
    }

    private static String nameOf(Path file) {
        Path name = Objects.requireNonNull(file, "file").getFileName();
        if (name == null) {
            throw new IllegalArgumentException("not a file: " + file);
        }
        return name.toString();
    }

    private record LocalFile(Path path, String name, long size) {

        String temporaryName() {
            return "." + name + ".part";
        }
    }

    /** One connection to the server, from connect to disconnect. */
    private static final class Session {

        private final FtpsTarget target;
        private final List<UploadedFile> uploaded = new ArrayList<>();
        private SessionReusingFtpsClient client;
        private String tlsProtocol = "";
        private boolean loggedIn;

        Session(FtpsTarget target) {
            this.target = target;
        }

        List<LocalFile> readable(List<Path> files) throws UploadFailedException {
            List<LocalFile> local = new ArrayList<>();
            for (Path file : files) {
                String name = nameOf(file);
                if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                    throw failure(Step.READ_LOCAL_FILE, name, "no readable file at " + file, null);
                }
                try {
                    local.add(new LocalFile(file, name, Files.size(file)));
                } catch (IOException e) {
                    throw failure(Step.READ_LOCAL_FILE, name, "cannot read the size of " + file + ": " + e, e);
                }
            }
            return local;
        }

        void open() throws UploadFailedException {
            client = new SessionReusingFtpsClient(target.implicitTls(), tlsContext());
            client.setEndpointCheckingEnabled(true);
            client.setConnectTimeout(millis(target.connectTimeout()));
            client.setDefaultTimeout(millis(target.readTimeout()));
            client.setDataTimeout(target.readTimeout());
            client.setListHiddenFiles(true);
            connect();
            login();
            protectDataChannel();
            changeDirectory();
            try {
                client.enterLocalPassiveMode();
                if (!client.setFileType(FTP.BINARY_FILE_TYPE)) {
                    throw failureWithReply(Step.TRANSFER, null, "the server refused binary transfers (TYPE I)");
                }
            } catch (IOException e) {
                throw failure(Step.TRANSFER, null, "could not switch to binary transfers: " + e, e);
            }
        }

        private SSLContext tlsContext() throws UploadFailedException {
            try {
                KeyStore trusted = null;
                if (target.trustStore() != null) {
                    trusted = KeyStore.getInstance("PKCS12");
                    String password = target.trustStorePassword();
                    try (InputStream in = Files.newInputStream(target.trustStore())) {
                        trusted.load(in, password == null ? null : password.toCharArray());
                    }
                }
                var trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                // null selects the JVM's trust store (javax.net.ssl.trustStore, else the JDK's cacerts)
                trustManagers.init(trusted);
                // a context of its own per session: its session cache holds only this session's control session,
                // so data connections can resume nothing else
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trustManagers.getTrustManagers(), null);
                return context;
            } catch (IOException | GeneralSecurityException e) {
                throw failure(Step.TLS_HANDSHAKE, null,
                        "cannot load the trust store " + target.trustStore() + ": " + e.getMessage(), e);
            }
        }

        private void connect() throws UploadFailedException {
            String endpoint = target.host() + ":" + target.port();
            try {
                client.connect(target.host(), target.port());
            } catch (AuthTlsRefusedException e) {
                throw failure(Step.TLS_HANDSHAKE, null, "the server refused AUTH TLS; plain FTP is never used, so"
                        + " neither user nor password was sent", e.replyCode(), replyText(), e);
            } catch (SSLException e) {
                throw failure(Step.TLS_HANDSHAKE, null, describeHandshakeFailure(e), e);
            } catch (IOException e) {
                throw failure(Step.CONNECT, null, "cannot connect to " + endpoint + ": " + e, e);
            }
            if (!FTPReply.isPositiveCompletion(client.getReplyCode())) {
                throw failureWithReply(Step.CONNECT, null, "the server at " + endpoint + " refused the session");
            }
            SSLSession tls = client.controlSession();
            tlsProtocol = tls.getProtocol();
            LOG.log(Level.INFO, () -> "FTPS connected to " + target.url() + " over " + tls.getProtocol() + " ("
                    + tls.getCipherSuite() + ")");
        }

        private String describeHandshakeFailure(SSLException e) {
            String refusal = certificateRefusal(e);
            return refusal != null ? "the certificate of " + target.host() + " was not accepted: " + refusal
                    : "TLS handshake with " + target.host() + ":" + target.port() + " failed: " + e.getMessage();
        }

        /** Why the trust manager or the host name check refused the server's certificate, if that was the cause. */
        private static String certificateRefusal(Throwable e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof CertificateException) {
                    return cause.getMessage();
                }
            }
            return null;
        }

        private void login() throws UploadFailedException {
            try {
                if (!client.login(target.user(), target.password())) {
                    throw failureWithReply(Step.LOGIN, null, "the server refused user '" + target.user() + "'");
                }
                loggedIn = true;
            } catch (IOException e) {
                throw failure(Step.LOGIN, null, "login as '" + target.user() + "' failed: " + e, e);
            }
        }

        private void protectDataChannel() throws UploadFailedException {
            try {
                client.execPBSZ(0);
                client.execPROT("P");
            } catch (SSLException e) {
                // commons-net reports a refused PBSZ or PROT as an SSLException; the reply says which
                throw failureWithReply(Step.DATA_PROTECTION, null, "the server refused to protect transfers");
            } catch (IOException e) {
                throw failure(Step.DATA_PROTECTION, null, "PBSZ/PROT failed: " + e, e);
            }
        }

        private void changeDirectory() throws UploadFailedException {
            if (target.directory().isEmpty()) {
                return;
            }
            try {
                if (!client.changeWorkingDirectory(target.directory())) {
                    throw failureWithReply(Step.CHANGE_DIRECTORY, null,
                            "cannot change to directory " + target.directory());
                }
            } catch (IOException e) {
                throw failure(Step.CHANGE_DIRECTORY, null,
                        "cannot change to directory " + target.directory() + ": " + e, e);
            }
        }

        void send(LocalFile file) throws UploadFailedException {
            String temporary = file.temporaryName();
            store(file, temporary);
            long remoteSize = remoteSize(file, temporary);
            if (remoteSize != file.size()) {
                boolean removed = delete(temporary);
                throw failure(Step.SIZE_CHECK, file.name(), (remoteSize < 0
                        ? "the server reports no size for " + temporary
                        : "the server has " + remoteSize + " bytes of " + temporary + ", the local file has "
                                + file.size())
                        + (removed ? "; the temporary file was removed" : "; could not remove the temporary file"),
                        null);
            }
            rename(file, temporary);
            uploaded.add(new UploadedFile(file.path(), file.name(), remoteSize));
            LOG.log(Level.INFO, () -> "uploaded " + file.name() + " (" + file.size() + " bytes) to " + target.url());
        }

        private void store(LocalFile file, String temporary) throws UploadFailedException {
            boolean stored;
            try (InputStream in = Files.newInputStream(file.path())) {
                stored = client.storeFile(temporary, in);
            } catch (IOException e) {
                IOException reason = e instanceof CopyStreamException copy ? copy.getIOException() : e;
                if (reason instanceof SocketTimeoutException) {
                    throw timedOut(file, temporary, reason);
                }
                awaitPendingReply();
                int code = client.getReplyCode();
                String reply = replyText();
                delete(temporary);
                String refusal = certificateRefusal(e);
                String detail = refusal != null
                        ? "the data connection for " + temporary + " was not protected: its certificate was not"
                                + " accepted: " + refusal
                        : "sending " + temporary + " failed: " + reason;
                throw failure(Step.TRANSFER, file.name(), detail, code, reply, reason);
            }
            if (!stored) {
                int code = client.getReplyCode();
                String reply = replyText();
                delete(temporary);
                throw failure(Step.TRANSFER, file.name(), "the server did not accept " + temporary
                        + (code == REUSE_REQUIRED && tlsProtocol.equals("TLSv1.2") ? TLS12_TICKET_HINT : ""), code,
                        reply, null);
            }
        }

        /**
         * The server took no data or sent no reply for the idle timeout. The session ends at once: a pending reply,
         * removing the temporary file and logging out would each wait out the timeout again.
         */
        private UploadFailedException timedOut(LocalFile file, String temporary, IOException timeout) {
            try {
                // closing TLS would otherwise wait a timeout for the server's close_notify
                client.setSoTimeout(1);
                client.disconnect();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, () -> "FTPS disconnect failed: " + e);
            }
            return failure(Step.TRANSFER, file.name(), "sending " + temporary + " stopped: " + timeout.getMessage()
                    + "; " + temporary + " may remain on the server", timeout);
        }

        private void rename(LocalFile file, String temporary) throws UploadFailedException {
            try {
                if (!client.rename(temporary, file.name())) {
                    int code = client.getReplyCode();
                    String reply = replyText();
                    boolean removed = delete(temporary);
                    throw failure(Step.RENAME, file.name(), "cannot rename " + temporary + " to " + file.name()
                            + (removed ? "; the temporary file was removed" : ""), code, reply, null);
                }
            } catch (IOException e) {
                throw failure(Step.RENAME, file.name(), "renaming " + temporary + " failed: " + e, e);
            }
        }

        /** The size of a file on the server by SIZE, else MLST, else LIST; -1 when none of them tells. */
        private long remoteSize(LocalFile file, String name) throws UploadFailedException {
            try {
                String size = client.getSize(name);
                if (size != null) {
                    try {
                        return Long.parseLong(size.strip());
                    } catch (NumberFormatException e) {
                        LOG.log(Level.DEBUG, () -> "unreadable SIZE reply for " + name + ": " + size);
                    }
                }
                FTPFile entry = client.mlistFile(name);
                if (entry != null && entry.getSize() >= 0) {
                    return entry.getSize();
                }
                FTPFile[] listing = client.listFiles(name);
                if (listing != null) {
                    for (FTPFile listed : listing) {
                        if (listed != null && listed.isFile() && isNamed(listed, name)) {
                            return listed.getSize();
                        }
                    }
                }
                return -1;
            } catch (IOException e) {
                throw failure(Step.SIZE_CHECK, file.name(), "cannot read the size of " + name + ": " + e, e);
            }
        }

        private static boolean isNamed(FTPFile listed, String name) {
            String listedName = listed.getName();
            return listedName != null && (listedName.equals(name) || listedName.endsWith("/" + name));
        }

        private boolean delete(String name) {
            try {
                return client.isConnected() && client.deleteFile(name);
            } catch (IOException e) {
                return false;
            }
        }

        /** After a failed transfer the server may still send a reply that says why, e.g. vsftpd's 522. */
        private void awaitPendingReply() {
            if (!client.isConnected()) {
                return;
            }
            try {
                int timeout = client.getSoTimeout();
                client.setSoTimeout(PENDING_REPLY_MILLIS);
                try {
                    client.getReply();
                } finally {
                    client.setSoTimeout(timeout);
                }
            } catch (IOException e) {
                LOG.log(Level.DEBUG, () -> "no reply after the failed transfer: " + e);
            }
        }

        void close() {
            if (client == null || !client.isConnected()) {
                return;
            }
            // before a successful login the control connection may still be in the clear (AUTH TLS refused):
            // nothing more is said on it
            if (loggedIn) {
                try {
                    client.logout();
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, () -> "FTPS logout failed: " + e);
                }
            }
            try {
                client.disconnect();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, () -> "FTPS disconnect failed: " + e);
            }
        }

        private String replyText() {
            String[] lines = client == null ? null : client.getReplyStrings();
            if (lines == null || lines.length == 0) {
                return null;
            }
            return Stream.of(lines).map(line -> line.replaceFirst("^\\d{3}[ -]?", "").strip())
                    .filter(line -> !line.isEmpty()).collect(Collectors.joining(" "));
        }

        private UploadFailedException failureWithReply(Step step, String fileName, String detail) {
            return failure(step, fileName, detail, client.getReplyCode(), replyText(), null);
        }

        private UploadFailedException failure(Step step, String fileName, String detail, Throwable cause) {
            return failure(step, fileName, detail, 0, null, cause);
        }

        private UploadFailedException failure(Step step, String fileName, String detail, int replyCode,
                String replyText, Throwable cause) {
            return new UploadFailedException(step, target.url(), fileName, redacted(detail), replyCode,
                    redacted(replyText), uploaded, cause);
        }

        private String redacted(String text) {
            String password = target.password();
            if (text == null || password.length() < MIN_REDACTED_LENGTH) {
                return text;
            }
            return text.replace(password, "****");
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
