package dev.provhub.intake.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How fast a generated user export is read from disk, printed as figures (nothing is asserted about speed). Not
 * part of {@code ./mvnw verify}: run it with {@code ./mvnw -pl libs/file-intake -Pbenchmark verify}. Rows:
 * {@code -Dbench.csvRows} (1,000,000).
 */
@Tag("benchmark")
class CsvReaderBenchmark {

    static final int ROWS = Integer.getInteger("bench.csvRows", 1_000_000);
    static final int ROUNDS = 5;

    @Test
    void readsAGeneratedExport(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("users.csv");
        try (InputStream users = new GeneratedUsers(ROWS)) {
            Files.copy(users, file);
        }
        double[] decoding = new double[ROUNDS];
        double[] reading = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            decoding[round] = rate(() -> decode(file));
            reading[round] = rate(() -> read(file));
        }
        System.out.printf("%nprovhub CSV reader benchmark: %,d rows (%,d MiB), max heap %d MiB%n", ROWS,
                Files.size(file) >> 20, Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("decoding alone (the floor): median %,.0f rows/s%n", median(decoding));
        System.out.printf("CsvReader: median %,.0f rows/s (rounds: %s)%n", median(reading), Arrays.toString(
                Arrays.stream(reading).mapToLong(Math::round).toArray()));
    }

    private static long read(Path file) throws IOException {
        long records = 0;
        try (CsvReader reader = new CsvReader(CsvEncoding.open(open(file)))) {
            for (CsvRecord record = reader.next(); record != null; record = reader.next()) {
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
        long start = System.nanoTime();
        long rows = work.rows();
        return rows / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(double[] rates) {
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @FunctionalInterface
    private interface Measured {
        long rows() throws IOException;
    }
}
