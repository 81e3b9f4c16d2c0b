package dev.provhub.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Temporary folders and files for tests and local infrastructure that are deleted, with everything in them, when
 * the JVM exits: a test run leaves nothing behind in the system's temporary folder.
 */
public final class TemporaryFolders {

    private static final Set<Path> CREATED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TemporaryFolders::deleteAll, "temporary-folders"));
    }

    private TemporaryFolders() {
    }

    /** A new empty folder in the system's temporary folder, deleted when the JVM exits. */
    public static Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            CREATED.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new empty file in the system's temporary folder, deleted when the JVM exits. */
    public static Path file(String prefix, String suffix) {
        try {
            Path file = Files.createTempFile(prefix, suffix);
            CREATED.add(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteAll() {
        for (Path dir : CREATED) {
            try {
                Directories.deleteRecursively(dir);
            } catch (RuntimeException e) {
                // the JVM is exiting: what could not be deleted stays
            }
        }
    }
}
