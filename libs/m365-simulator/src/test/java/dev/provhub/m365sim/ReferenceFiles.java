package dev.provhub.m365sim;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * The project's read-only reference material lives in {@code shared/reference} beside the repository (CI clones the
 * repository next to a copy of it). Tests that read it skip, saying so, where it is missing.
 */
final class ReferenceFiles {

    private ReferenceFiles() {
    }

    static Path entraInboundProvisioning() {
        Path dir = repositoryRoot().getParent().resolve("shared/reference/entra-inbound-provisioning");
        Assumptions.assumeTrue(Files.isDirectory(dir), "the reference folder " + dir + " is missing: the tests with "
                + "Microsoft's inbound provisioning samples cannot run");
        return dir;
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("not inside the provhub repository: " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
