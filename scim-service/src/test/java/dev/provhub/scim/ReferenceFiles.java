package dev.provhub.scim;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * Microsoft's CSV2SCIM samples live in {@code shared/reference/entra-inbound-provisioning} beside the repository
 * (CI clones the repository next to a copy of it). Tests that read them skip, saying so, where it is missing.
 */
public final class ReferenceFiles {

    private ReferenceFiles() {
    }

    public static Path entraInboundProvisioning() {
        Path dir = repositoryRoot().getParent().resolve("shared/reference/entra-inbound-provisioning");
        Assumptions.assumeTrue(Files.isDirectory(dir), "the reference folder " + dir + " is missing: the tests with "
                + "Microsoft's CSV2SCIM samples cannot run");
        return dir;
    }

    public static Path samples() {
        return entraInboundProvisioning().resolve("Samples");
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
