package dev.provhub.exporter.ftps;

import java.net.Socket;

/**
 * A connected plain data socket that names the control connection's port as its peer port, so that the TLS layered
 * on it is looked up in JSSE's client session cache under the control connection's identity.
 *
 * <p>
 * JSSE caches client sessions under "peer host:peer port". For a socket layered with
 * {@code SSLSocketFactory.createSocket(socket, host, port, autoClose)} the host is the one passed in, but the port
 * is always the one the socket underneath reports from {@link #getPort()}; the port argument is ignored. A data
 * connection goes to another port than the control connection, so without this its handshake would never offer
 * the control session for resumption. Nothing else changes: reads, writes, timeouts and close go to the real
 * socket, and the real peer address stays visible.
 */
final class ControlPeerSocket extends ForwardingSocket {

    private final int controlPort;

    ControlPeerSocket(Socket dataSocket, int controlPort) {
        super(dataSocket);
        this.controlPort = controlPort;
    }

    @Override
    public int getPort() {
        return controlPort;
    }
}
