package dev.provhub.localinfra;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Servers in the order they were started; stopped in the reverse order, so users stop before what they use. */
final class StartedServers {

    private final List<AutoCloseable> servers = new ArrayList<>();
    private final String owner;

    StartedServers(String owner) {
        this.owner = owner;
    }

    synchronized <T extends AutoCloseable> T add(T server) {
        servers.add(server);
        return server;
    }

    void stopAll() {
        List<AutoCloseable> reversed;
        synchronized (this) {
            reversed = new ArrayList<>(servers);
            servers.clear();
        }
        Collections.reverse(reversed);
        for (AutoCloseable server : reversed) {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println(owner + ": could not stop " + server + ": " + e);
            }
        }
    }
}
