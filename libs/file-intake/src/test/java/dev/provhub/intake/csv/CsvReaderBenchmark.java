package dev.provhub.intake.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How fast a generated user export is read from disk, printed as figures (nothing is asserted about speed). Not
 * part of {@code ./mvnw verify}: run it with {@code ./mvnw -pl libs/file-intake -Pbenchmark verify}. Rows:
 * {@code -Dbench.csvRows} (1,000,000).
 *
 * <p>
 * Rates are rows per CPU second of the reading thread, best of several rounds, so that the figures still compare
 * on a machine other builds are using at the same time.
 */
@Tag("benchmark")
class CsvReaderBenchmark {

    static final int ROWS = Integer.getInteger("bench.csvRows", 1_000_000);
    static final int ROUNDS = 10;
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void readsAGeneratedExport(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("users.csv");
        try (InputStream users = new GeneratedUsers(ROWS)) {
            Files.copy(users, file);
        }
        double decoding = 0;
        double reading = 0;
        for (int round = 0; round < ROUNDS; round++) {
            decoding = Math.max(decoding, rate(() -> decode(file)));
            reading = Math.max(reading, rate(() -> read(file)));
        }
        System.out.printf("%nprovhub CSV reader benchmark: %,d rows (%,d MiB), max heap %d MiB, best of %d%n", ROWS,
                Files.size(file) >> 20, Runtime.getRuntime().maxMemory() >> 20, ROUNDS);
        System.out.printf("decoding alone (the floor): %,.0f rows/s%n", decoding);
        System.out.printf("CsvReader: %,.0f rows/s%n", reading);
    }

    private static long read(Path file) throws IOException {
        long records = 0;
        try (CsvReader reader = new CsvReader(CsvEncoding.open(open(file)))) {
            while (reader.next() != null) {
                records++;
            }
        }
        assertThat(records).isEqualTo(ROWS + 1);
        return records;
    }

    private static long decode(Path file) throws IOException {
        char[] chunk = new char[8192];
        try (Reader text = CsvEncoding.open(open(file))) {
            while (text.read(chunk) != -1) {
                // only the decoding is measured
            }
        }
        return ROWS + 1;
    }

    private static InputStream open(Path file) throws IOException {
        return new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
    }

    private static double rate(Measured work) throws IOException {
        long start = THREADS.getCurrentThreadCpuTime();
        long rows = work.rows();
        return rows / ((THREADS.getCurrentThreadCpuTime() - start) / 1e9);
    }

    @FunctionalInterface
    private interface Measured {
        long rows() throws IOException;
    }
}
