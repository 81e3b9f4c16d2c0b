package dev.provhub.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The services of the build: every module of the root pom that builds a Quarkus application with an HTTP port. A
 * service added to the build is found here, so every check that iterates these holds it to the same rules.
 */
final class Services {

    record Service(String name, Path dir, int port) {
    }

    private Services() {
    }

    static List<Service> all() {
        var services = new ArrayList<Service>();
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(Repo.read(Repo.ROOT.resolve("pom.xml")));
        while (modules.find()) {
            Path dir = Repo.ROOT.resolve(modules.group(1));
            Path properties = dir.resolve("src/main/resources/application.properties");
            if (!Files.isRegularFile(properties) || !Repo.read(dir.resolve("pom.xml")).contains("quarkus-maven-plugin")) {
                continue;
            }
            var config = new Properties();
            try (var reader = Files.newBufferedReader(properties)) {
                config.load(reader);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            String port = config.getProperty("quarkus.http.port");
            if (port != null) {
                services.add(new Service(dir.getFileName().toString(), dir, Integer.parseInt(port.trim())));
            }
        }
        return services;
    }
}
