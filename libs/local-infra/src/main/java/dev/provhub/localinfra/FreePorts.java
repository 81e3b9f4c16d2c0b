package dev.provhub.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Picks ports on the loopback interface that are free right now. */
final class FreePorts {

    /**
     * Ports this JVM handed out: the system may offer a port again as soon as the probing socket closes, so two
     * picks in a row (a broker's client and controller listeners) could otherwise get the same one.
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    static int pick() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free port on the loopback interface", e);
            }
        }
        throw new IllegalStateException("the loopback interface keeps offering ports already handed out");
    }

    /** {@code preferred} when it is set (non-zero), else a free one. */
    static int orPick(int preferred) {
        return preferred > 0 ? preferred : pick();
    }
}
