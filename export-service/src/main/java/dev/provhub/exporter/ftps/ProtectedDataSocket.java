package dev.provhub.exporter.ftps;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

/**
 * A TLS data connection handed to commons-net, which keeps the session's idle timeout: a read waits at most the
 * timeout (the socket's read timeout), a write that waits for the server for longer than the timeout aborts the
 * connection ({@link StallWatchdog}), and the end of a transfer, the server's close here and its reply on the
 * control connection, is awaited for as long as {@link #completionWait()} says. So a slow transfer completes and a
 * stalled one fails.
 *
 * <p>
 * Closing it also collects the session tickets the server sent on it, so that the next data connection of the
 * session can resume TLS too. With TLS 1.3 a resumption uses up a session ticket: JSSE drops a ticket from its
 * cache once it has offered it, and the server sends a fresh one right after each handshake. An upload only writes,
 * so that ticket would sit unread in the socket and the next data connection of the session would have nothing to
 * resume with; a server that requires resumption then refuses the transfer. So before closing, this socket sends
 * its close_notify (TLS 1.3 allows half-closed connections) and reads what the server still sends, up to its own
 * close: JSSE files the tickets it finds there in its cache under the control connection's identity (see
 * {@link ControlPeerSocket}). TLS 1.2 sessions stay in the cache after a resumption, so nothing needs collecting
 * there.
 */
final class ProtectedDataSocket extends ForwardingSocket {

    private static final System.Logger LOG = System.getLogger(ProtectedDataSocket.class.getName());

    /** A download the caller stopped reading early is not drained beyond this. */
    private static final int MAX_DRAINED_BYTES = 64 * 1024;

    private final SSLSocket tls;
    private final Socket plain;
    private final TransferProgress progress;
    private final ScheduledFuture<?> watchdog;
    private volatile boolean stalled;
    private boolean closed;

    /**
     * @param tls the TLS connection
     * @param plain the TCP connection under it
     * @param idleTimeout how long the server may take no data before the connection is aborted
     */
    ProtectedDataSocket(SSLSocket tls, Socket plain, Duration idleTimeout) {
        super(tls);
        this.tls = tls;
        this.plain = plain;
        this.progress = new TransferProgress(idleTimeout, System::nanoTime);
        this.watchdog = StallWatchdog.watch(progress, this::abort);
    }

    /** How long from now the server has to finish the transfer and reply: see {@link TransferProgress}. */
    Duration completionWait() {
        return progress.completionWait();
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
            public void write(int b) throws IOException {
                write(new byte[] { (byte) b }, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                waitingForServer(length, () -> out.write(bytes, offset, length));
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
            try {
                // a TLS 1.2 close sends its close_notify here, which waits for room in the send buffer like any write
                waitingForServer(0, tls::close);
            } finally {
                watchdog.cancel(false);
            }
        }
    }

    /**
     * Runs {@code write}, which hands {@code bytes} to the network, under the watchdog; if the watchdog aborted the
     * connection meanwhile, the failure says so instead of whatever the closed socket made of it.
     */
    private void waitingForServer(int bytes, Write write) throws IOException {
        progress.writeStarting();
        boolean written = false;
        try {
            write.run();
            written = true;
        } catch (IOException e) {
            if (stalled) {
                var timeout = new SocketTimeoutException(
                        "the server took no data for " + progress.idleTimeout().toSeconds() + " s");
                timeout.initCause(e);
                throw timeout;
            }
            throw e;
        } finally {
            progress.written(written ? bytes : 0);
        }
    }

    /**
     * Closes the TCP connection under TLS: closing the TLS socket would first wait for the write the server is not
     * taking, as JSSE sends close_notify under the lock that write holds.
     */
    private void abort() {
        stalled = true;
        try {
            plain.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "closing a stalled data connection failed: " + e);
        }
    }

    private void collectSessionTickets() {
        try {
            if (!tls.isOutputShutdown()) {
                waitingForServer(0, tls::shutdownOutput);
            }
            // the server closes its side once it has read everything, so this is also the wait for the data still
            // in flight: as long as the server should need for it at the rate it has been taking data
            long end = System.nanoTime() + progress.completionWait().toNanos();
            InputStream in = tls.getInputStream();
            byte[] buffer = new byte[8192];
            int drained = 0;
            int read = 0;
            while (drained < MAX_DRAINED_BYTES && read != -1) {
                tls.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE,
                        TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
                read = in.read(buffer);
                drained += Math.max(read, 0);
            }
        } catch (SocketTimeoutException e) {
            LOG.log(Level.DEBUG, () -> "the server did not close the data connection in time: " + e);
            try {
                // the server has had its time; closing TLS would otherwise wait as long again for its close_notify
                tls.setSoTimeout(1);
            } catch (IOException notOpen) {
                LOG.log(Level.DEBUG, () -> "data connection already closed: " + notOpen);
            }
        } catch (IOException e) {
            // the transfer's outcome is the server's reply and the size check, not how the connection ended
            LOG.log(Level.DEBUG, () -> "data connection ended before its session tickets were read: " + e);
        }
    }

    @FunctionalInterface
    private interface Write {
        void run() throws IOException;
    }
}
