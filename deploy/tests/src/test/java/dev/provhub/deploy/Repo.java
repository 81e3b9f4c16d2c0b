package dev.provhub.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The repository the tests check, its tools, and YAML. */
final class Repo {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The repository root (this module is deploy/tests). */
    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    /** The CRDs the Strimzi and CloudNativePG resources are validated against, beside the repository, never in it. */
    static final Path CRDS = ROOT.resolve("../shared/reference/k8s-schemas").normalize();

    private Repo() {
    }

    /** True when {@code command} runs on this machine. */
    static boolean has(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a command in the repository root; its standard output, or an exception with its error output. */
    static String run(String... command) {
        return runIn(ROOT, command);
    }

    /** Runs a command in {@code directory}; its standard output, or an exception with its error output. */
    static String runIn(Path directory, String... command) {
        try {
            Path err = Files.createTempFile("deploy-tests", ".err");
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectError(err.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s");
            }
            String error = Files.readString(err);
            Files.delete(err);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
                        + "):\n" + error + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The documents of a YAML stream, empty ones dropped. */
    static List<ObjectNode> documents(String yaml) {
        var documents = new ArrayList<ObjectNode>();
        try (var parser = YAML.getFactory().createParser(yaml)) {
            var iterator = YAML.readValues(parser, JsonNode.class);
            while (iterator.hasNext()) {
                JsonNode node = iterator.next();
                if (node instanceof ObjectNode object && !object.isEmpty()) {
                    documents.add(object);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    static List<ObjectNode> documents(Path file) {
        try {
            return documents(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
