package dev.provhub.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal HTTPS proxy for tests: answers {@code CONNECT host:port} by opening a tunnel, and remembers every
 * target it tunnelled to. TLS passes through untouched, as through a real proxy.
 */
final class ConnectProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> tunnels = new CopyOnWriteArrayList<>();

    ConnectProxy() throws IOException {
        server = new ServerSocket(0);
        start(this::accept);
    }

    String address() {
        return "http://localhost:" + server.getLocalPort();
    }

    /** The {@code host:port} of every tunnel opened, in order. */
    List<String> tunnels() {
        return tunnels;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                start(() -> tunnel(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void tunnel(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            String[] request = head.split("\r\n")[0].split(" ");
            if (!request[0].equals("CONNECT")) {
                client.getOutputStream().write("HTTP/1.1 405 Method Not Allowed\r\n\r\n".getBytes(
                        StandardCharsets.US_ASCII));
                return;
            }
            String[] target = request[1].split(":");
            try (Socket upstream = new Socket(target[0], Integer.parseInt(target[1]))) {
                tunnels.add(request[1]);
                client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(
                        StandardCharsets.US_ASCII));
                Thread back = start(() -> pipe(upstream, client));
                pipe(client, upstream);
                back.join();
            }
        } catch (IOException | InterruptedException e) {
            // a tunnel closed by either side
        }
    }

    private static Thread start(Runnable work) {
        var thread = new Thread(work, "test-proxy");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String readHead(InputStream in) throws IOException {
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client closed before the end of its request");
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            in.transferTo(out);
            to.shutdownOutput();
        } catch (IOException e) {
            // the other side closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
