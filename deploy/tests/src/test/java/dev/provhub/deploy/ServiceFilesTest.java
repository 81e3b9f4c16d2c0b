package dev.provhub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.deploy.Services.Service;

/**
 * Every service of the build ships everything deployment needs: its container files, its Jib and native build, its
 * Kubernetes directory, its docker-compose.yml block and its place in the local stack. A service added to the root
 * pom without one of them fails here, naming what is missing.
 */
class ServiceFilesTest {

    @Test
    void theServicesAreFound() {
        assertThat(Services.all()).extracting(Service::name).contains("import-service", "export-service");
    }

    @Test
    void everyServiceHasAJvmAndANativeContainerFile() {
        var problems = new ArrayList<String>();
        for (Service service : Services.all()) {
            Path docker = service.dir().resolve("src/main/docker");
            String jvm = read(docker.resolve("Dockerfile.jvm"), problems);
            String nativeFile = read(docker.resolve("Dockerfile.native"), problems);
            if (jvm != null) {
                checkContainerFile(service, "Dockerfile.jvm", jvm, problems);
                if (!jvm.contains("target/quarkus-app/lib/") || !jvm.contains("quarkus-run.jar")) {
                    problems.add(service.name() + " Dockerfile.jvm does not copy the fast-jar layout");
                }
                if (!jvm.matches("(?s).*FROM \\S*openjdk-21\\S*.*")) {
                    problems.add(service.name() + " Dockerfile.jvm is not on a Java 21 runtime");
                }
            }
            if (nativeFile != null) {
                checkContainerFile(service, "Dockerfile.native", nativeFile, problems);
                if (!nativeFile.contains("target/*-runner")) {
                    problems.add(service.name() + " Dockerfile.native does not copy the native executable");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private static void checkContainerFile(Service service, String file, String text, List<String> problems) {
        String what = service.name() + " " + file;
        Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(text);
        while (from.find()) {
            String image = from.group(1);
            String last = image.substring(image.lastIndexOf('/') + 1);
            if (!last.contains(":") && !image.contains("@sha256:") || last.endsWith(":latest")) {
                problems.add(what + " starts from " + image + ": pin a tag");
            }
        }
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(text);
        String lastUser = null;
        while (user.find()) {
            lastUser = user.group(1);
        }
        if (lastUser == null || lastUser.equals("root") || lastUser.equals("0") || lastUser.startsWith("0:")) {
            problems.add(what + " does not run as a non-root user (USER " + lastUser + ")");
        }
        if (!text.contains("EXPOSE " + service.port())) {
            problems.add(what + " does not expose port " + service.port());
        }
    }

    @Test
    void everyServiceBuildsWithJibAndHasANativeProfile() {
        var problems = new ArrayList<String>();
        for (Service service : Services.all()) {
            String pom = Repo.read(service.dir().resolve("pom.xml"));
            if (!pom.contains("<artifactId>quarkus-container-image-jib</artifactId>")) {
                problems.add(service.name() + " has no quarkus-container-image-jib");
            }
            if (!pom.matches("(?s).*<profile>\\s*<id>native</id>.*")) {
                problems.add(service.name() + " has no native profile");
            }
            String properties = Repo.read(service.dir().resolve("src/main/resources/application.properties"));
            if (!properties.contains("quarkus.container-image.name=" + service.name())) {
                problems.add(service.name() + " does not name its image (quarkus.container-image.name)");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyServiceHasItsKubernetesDirectoryInTheBase() {
        var problems = new ArrayList<String>();
        String base = Repo.read(Repo.ROOT.resolve("deploy/k8s/base/kustomization.yaml"));
        for (Service service : Services.all()) {
            if (!Files.isRegularFile(Repo.ROOT.resolve("deploy/k8s/base/" + service.name() + "/kustomization.yaml"))) {
                problems.add(service.name() + " has no deploy/k8s/base/" + service.name() + "/kustomization.yaml");
            }
            if (!base.matches("(?s).*\\n\\s*- " + Pattern.quote(service.name()) + "\\s*\\n.*")) {
                problems.add(service.name() + " is not in deploy/k8s/base/kustomization.yaml's resources");
            }
        }
        assertThat(problems).isEmpty();
    }

    /** Every directory of deploy/k8s/base is in the base's resources: nothing is written that is not applied. */
    @Test
    void everyKubernetesDirectoryIsInTheBase() {
        String base = Repo.read(Repo.ROOT.resolve("deploy/k8s/base/kustomization.yaml"));
        var problems = new ArrayList<String>();
        try (var dirs = Files.list(Repo.ROOT.resolve("deploy/k8s/base"))) {
            dirs.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()).sorted().forEach(dir -> {
                if (!base.matches("(?s).*\\n\\s*- " + Pattern.quote(dir) + "\\s*\\n.*")) {
                    problems.add("deploy/k8s/base/" + dir + " is not in the base's resources");
                }
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyServiceIsDeployedOnItsPort() {
        List<ObjectNode> dev = Overlays.render("dev");
        var problems = new ArrayList<String>();
        for (Service service : Services.all()) {
            JsonNode deployment = dev.stream().filter(o -> o.path("kind").asText().equals("Deployment")
                    && o.path("metadata").path("name").asText().equals(service.name())).findFirst().orElse(null);
            if (deployment == null) {
                problems.add(service.name() + " has no Deployment");
            } else if (!deployment.path("spec").path("template").path("spec").path("containers").path(0)
                    .path("ports").toString().contains("\"containerPort\":" + service.port())) {
                problems.add(service.name() + " Deployment does not open port " + service.port());
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyServiceIsInComposeAndInTheLocalStack() {
        JsonNode compose = Repo.documents(Repo.ROOT.resolve("docker-compose.yml")).get(0).path("services");
        String run = Repo.read(Repo.ROOT.resolve("deploy/local/run"));
        var problems = new ArrayList<String>();
        for (Service service : Services.all()) {
            JsonNode block = compose.path(service.name());
            if (block.isMissingNode()) {
                problems.add(service.name() + " has no block in docker-compose.yml");
                continue;
            }
            checkComposeBlock(service.name(), service.port(), block, problems);
            if (!run.contains("\"" + service.name() + ":")) {
                problems.add(service.name() + " is not in deploy/local/run's services");
            }
        }
        assertThat(problems).isEmpty();
    }

    /** A service's Compose block: built from its Dockerfile.jvm, on its port. */
    static void checkComposeBlock(String name, int port, JsonNode block, List<String> problems) {
        if (block.isMissingNode()) {
            problems.add(name + " has no block");
            return;
        }
        if (!block.path("build").path("context").asText().equals("./" + name)
                || !block.path("build").path("dockerfile").asText().equals("src/main/docker/Dockerfile.jvm")) {
            problems.add(name + " is not built from its Dockerfile.jvm");
        }
        if (!block.path("ports").toString().contains(port + ":" + port)) {
            problems.add(name + " does not publish port " + port);
        }
        if (!block.path("environment").path("QUARKUS_HTTP_PORT").asText().equals(String.valueOf(port))) {
            problems.add(name + " has no QUARKUS_HTTP_PORT " + port);
        }
    }

    private static String read(Path file, List<String> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add("missing " + Repo.ROOT.relativize(file));
            return null;
        }
        return Repo.read(file);
    }
}
