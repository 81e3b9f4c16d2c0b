package dev.provhub.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A packaged service running as a process of its own, one replica of it, with its output in a log file. It can be
 * stopped as Kubernetes stops a pod ({@link #close()}), killed as a node dies ({@link #kill()}), or frozen as a
 * replica that stops being scheduled ({@link #freeze()}).
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final int LARGE_BODY = 1024 * 1024;

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;
    private volatile boolean frozen;

    private ServiceProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code <module>/target/quarkus-app/quarkus-run.jar} and waits until it is ready.
     *
     * @param name the replica's name in its log file and in the owners of its runs
     * @param config configuration properties by their own names ({@code provhub.runs.stale-after}), given as
     *        system properties so that no name has to survive the translation to an environment variable
     */
    static ServiceProcess start(String module, String name, Map<String, String> config, Path log) throws Exception {
        return start(module, name, config, Map.of(), log);
    }

    /** @param environment environment variables added to this JVM's for the process */
    static ServiceProcess start(String module, String name, Map<String, String> config,
            Map<String, String> environment, Path log) throws Exception {
        Path jar = Path.of("..", module, "target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw verify does)");
        }
        Files.createDirectories(log.getParent());
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dquarkus.http.port=" + port);
        command.addAll(List.of("-jar", jar.toString()));
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        var service = new ServiceProcess(name, process, port, log);
        service.awaitReady();
        return service;
    }

    String name() {
        return name;
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return send(request(path, token).GET());
    }

    /** The bytes of a {@code GET} that must succeed (a file, as it was written). */
    byte[] getBytes(String path, String token) throws IOException, InterruptedException {
        var response = HTTP.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new AssertionError(name + ": GET " + path + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** The JSON answer of a {@code GET} that must succeed. */
    JsonNode getJson(String path, String token) throws IOException, InterruptedException {
        var response = get(path, token);
        if (response.statusCode() != 200) {
            throw new AssertionError(name + ": GET " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    HttpResponse<String> postJson(String path, String json, String token) throws IOException, InterruptedException {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> postCsv(String path, String csv, String token) throws IOException, InterruptedException {
        return send(request(path, token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8)));
    }

    /** Any request with any body: hostile input is sent as the bytes it is, whatever it claims to be. */
    HttpResponse<String> send(String method, String path, String contentType, byte[] body, String token)
            throws IOException, InterruptedException {
        var request = request(path, token).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null && body.length > LARGE_BODY) {
            // a server that refuses a body by its size answers before it is sent, instead of closing mid-transfer
            // (over HTTP/2 it ends the connection with GOAWAY and the answer is lost)
            request.version(HttpClient.Version.HTTP_1_1).expectContinue(true);
        }
        return send(contentType == null ? request : request.header("Content-Type", contentType));
    }

    private HttpRequest.Builder request(String path, String token) {
        var request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log:\n" + tail());
            }
            try {
                if (get("/q/health/ready", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " was not ready within " + START_TIMEOUT + "; log:\n" + tail());
    }

    /** Everything the process has logged so far. */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String tail() {
        try {
            var lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The operating system's id of the process. */
    long pid() {
        return process.pid();
    }

    /** Ends the process at once (SIGKILL): no shutdown hook runs, nothing is handed over, as when a node dies. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** Stops the process where it is (SIGSTOP), sockets open and locks held: a replica that gets no CPU. */
    void freeze() throws IOException, InterruptedException {
        signal("STOP");
        frozen = true;
    }

    /** Lets a frozen process go on (SIGCONT). */
    void thaw() throws IOException, InterruptedException {
        signal("CONT");
        frozen = false;
    }

    private void signal(String signal) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start()
                .waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " exited with " + exit);
        }
    }

    /** Stops the process as Kubernetes stops a pod: SIGTERM, and SIGKILL if it has not ended after a grace period. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        if (frozen) {
            thaw();
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
