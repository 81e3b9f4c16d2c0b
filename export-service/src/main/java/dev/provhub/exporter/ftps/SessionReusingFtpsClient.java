package dev.provhub.exporter.ftps;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.cert.Certificate;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import org.apache.commons.net.ftp.FTPSClient;

/**
 * An FTPS client whose protected data connections resume the control connection's TLS session, as servers that
 * insist on it demand (vsftpd's {@code require_ssl_reuse}, on by default, refuses anything else with
 * {@code 522 SSL connection failed: session reuse required}). Uses only public JDK API: no reflection and no
 * {@code --add-opens} (for the one case that needs a system property, see {@link FtpsUploader}).
 *
 * <p>
 * How: after {@code PROT P}, commons-net would open each data connection as a fresh {@code SSLSocket} to the
 * passive port, which JSSE treats as a new peer with nothing to resume. Instead, data connections are opened plain
 * and TLS is layered on them here, under the control session's peer host and port (see {@link ControlPeerSocket}),
 * from the same {@link SSLContext} and with the control connection's TLS parameters; JSSE then offers the control
 * session, or with TLS 1.3 its latest ticket, for resumption. {@link ProtectedDataSocket} keeps TLS 1.3 tickets
 * coming for the data connections after the first.
 *
 * <p>
 * Certificates: a resumed session is the control session, whose certificate chain and host name were verified;
 * a server that does not resume gets a full handshake verified by the same trust managers and against the control
 * connection's host name. Either way the data connection must present the control connection's certificate.
 *
 * <p>
 * Data connections also keep the session's idle timeout ({@link ProtectedDataSocket}); the wait for the reply that
 * ends a transfer allows for the data still in flight.
 */
final class SessionReusingFtpsClient extends FTPSClient {

    /**
     * Little room below the data connection, so the progress of its writes is the server's progress and what is
     * still in flight when the last write returns drains within about the idle timeout; JSSE writes records of at
     * most 16 KiB, and Linux doubles the size asked for. Still enough for about 1 MB/s over a 100 ms round trip.
     */
    private static final int DATA_SEND_BUFFER_BYTES = 64 * 1024;

    private final SSLContext tls;
    private boolean privateDataChannel;
    private ProtectedDataSocket transfer;

    SessionReusingFtpsClient(boolean implicitTls, SSLContext tls) {
        super(implicitTls, tls);
        this.tls = tls;
        setSendDataSocketBufferSize(DATA_SEND_BUFFER_BYTES);
    }

    /** The control connection's TLS session. */
    SSLSession controlSession() {
        if (!(_socket_ instanceof SSLSocket)) {
            throw new IllegalStateException("the control connection is not protected by TLS");
        }
        return ((SSLSocket) _socket_).getSession();
    }

    @Override
    protected void execAUTH() throws IOException {
        try {
            super.execAUTH();
        } catch (SSLException e) {
            // commons-net reports a refused AUTH as an SSLException; keep it apart from a failed handshake
            throw new AuthTlsRefusedException(getReplyCode(), getReplyString());
        }
    }

    @Override
    public void execPROT(String prot) throws IOException {
        super.execPROT(prot);
        privateDataChannel = "P".equals(prot);
        if (privateDataChannel) {
            // commons-net has just installed factories for SSL data sockets; data sockets are opened plain and
            // protected in _openDataConnection_ instead
            setSocketFactory(null);
            setServerSocketFactory(null);
        }
    }

    @Override
    protected Socket _openDataConnection_(String command, String arg) throws IOException {
        Socket plain = super._openDataConnection_(command, arg);
        if (plain == null || !privateDataChannel) {
            return plain;
        }
        try {
            transfer = protect(plain);
            return transfer;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /**
     * Waits for the reply that ends a transfer as long as the data connection's idle timeout allows: the server may
     * still be taking the data in flight when the last write returns, and replies once it has it.
     */
    @Override
    public boolean completePendingCommand() throws IOException {
        ProtectedDataSocket finished = transfer;
        transfer = null;
        if (finished == null) {
            return super.completePendingCommand();
        }
        int idleTimeout = getSoTimeout();
        Duration wait = finished.completionWait();
        setSoTimeout((int) Math.min(Integer.MAX_VALUE, wait.toMillis()));
        try {
            return super.completePendingCommand();
        } catch (SocketTimeoutException e) {
            var timeout = new SocketTimeoutException(
                    "the server did not confirm the transfer within " + wait.toSeconds() + " s");
            timeout.initCause(e);
            throw timeout;
        } finally {
            if (isConnected()) {
                setSoTimeout(idleTimeout);
            }
        }
    }

    private ProtectedDataSocket protect(Socket plain) throws IOException {
        SSLSocket control = (SSLSocket) _socket_;
        SSLSession controlSession = control.getSession();
        var underControlIdentity = new ControlPeerSocket(plain, controlSession.getPeerPort());
        var data = (SSLSocket) tls.getSocketFactory().createSocket(underControlIdentity,
                controlSession.getPeerHost(), controlSession.getPeerPort(), true);
        data.setUseClientMode(true);
        // the control connection's protocols, cipher suites and endpoint identification: JSSE resumes only a
        // session whose identification algorithm matches, and a full handshake verifies the same host name
        data.setSSLParameters(control.getSSLParameters());
        data.startHandshake();
        requireSameServer(controlSession, data.getSession());
        return new ProtectedDataSocket(data, plain, getDataTimeout());
    }

    private static void requireSameServer(SSLSession control, SSLSession data) throws SSLPeerUnverifiedException {
        Certificate[] controlChain = control.getPeerCertificates();
        Certificate[] dataChain = data.getPeerCertificates();
        if (dataChain.length == 0 || !controlChain[0].equals(dataChain[0])) {
            throw new SSLPeerUnverifiedException(
                    "the data connection presented another certificate than the control connection");
        }
    }

    /** The server answered {@code AUTH TLS} with a refusal: the session must end, never continue in the clear. */
    static final class AuthTlsRefusedException extends SSLException {

        private static final long serialVersionUID = 1L;

        private final int replyCode;

        AuthTlsRefusedException(int replyCode, String reply) {
            super("the server refused AUTH TLS: " + reply.strip());
            this.replyCode = replyCode;
        }

        int replyCode() {
            return replyCode;
        }
    }
}
