package dev.provhub.exporter.ftps;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;

import javax.net.ssl.SSLSocket;

/**
 * A TLS data connection handed to commons-net. Closing it first collects the session tickets the server sent on
 * it, so that the next data connection of the session can resume TLS too.
 *
 * <p>
 * With TLS 1.3 a resumption uses up a session ticket: JSSE drops a ticket from its cache once it has offered
 * it, and the server sends a fresh one right after each handshake. An upload only writes, so that ticket would sit
 * unread in the socket and the next data connection of the session would have nothing to resume with; a server
 * that requires resumption then refuses the transfer. So before closing, this socket sends its close_notify (TLS
 * 1.3 allows half-closed connections) and reads what the server still sends, up to its own close: JSSE files the
 * tickets it finds there in its cache under the control connection's identity (see {@link ControlPeerSocket}).
 * TLS 1.2 sessions stay in the cache after a resumption, so nothing needs collecting there.
 */
final class ProtectedDataSocket extends ForwardingSocket {

    private static final System.Logger LOG = System.getLogger(ProtectedDataSocket.class.getName());

    /** Servers close the data connection as soon as they have our close_notify; this only bounds a stuck one. */
    private static final int TICKET_WAIT_MILLIS = 5_000;
    /** A download the caller stopped reading early is not drained beyond this. */
    private static final int MAX_DRAINED_BYTES = 64 * 1024;

    private final SSLSocket tls;
    private boolean closed;

    ProtectedDataSocket(SSLSocket tls) {
        super(tls);
        this.tls = tls;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return new FilterInputStream(tls.getInputStream()) {
            @Override
            public void close() throws IOException {
                ProtectedDataSocket.this.close();
            }
        };
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return new FilterOutputStream(tls.getOutputStream()) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                try {
                    flush();
                } finally {
                    ProtectedDataSocket.this.close();
                }
            }
        };
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if ("TLSv1.3".equals(tls.getSession().getProtocol())) {
                collectSessionTickets();
            }
        } finally {
            tls.close();
        }
    }

    private void collectSessionTickets() {
        try {
            if (!tls.isOutputShutdown()) {
                tls.shutdownOutput();
            }
            tls.setSoTimeout(TICKET_WAIT_MILLIS);
            InputStream in = tls.getInputStream();
            byte[] buffer = new byte[8192];
            int drained = 0;
            int read;
            while (drained < MAX_DRAINED_BYTES && (read = in.read(buffer)) != -1) {
                drained += read;
            }
        } catch (IOException e) {
            // the transfer's outcome is the server's reply and the size check, not how the connection ended
            LOG.log(Level.DEBUG, () -> "data connection ended before its session tickets were read: " + e);
        }
    }
}
