package dev.provhub.importer.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import dev.provhub.importer.ImportFixture;
import dev.provhub.importer.org.Organisation;
import dev.provhub.importer.password.PasswordHasher;
import dev.provhub.importer.run.ImportIntake;
import dev.provhub.importer.run.ImportRunView;
import dev.provhub.importer.run.ImportRuns;
import dev.provhub.localinfra.PostgresTestResource;
import dev.provhub.localinfra.TemporaryFolders;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Import throughput and memory, printed as figures (nothing is asserted about speed). Not part of
 * {@code ./mvnw verify}: run it with {@code ./mvnw -pl import-service -Pbenchmark verify} after an install. Sizes:
 * {@code -Dbench.rows} (100,000), {@code -Dbench.passwordRows} (10,000), {@code -Dbench.bigRows} (1,000,000;
 * 0 skips it). The benchmark JVM runs with -Xmx256m.
 */
@Tag("benchmark")
@QuarkusTest
@TestProfile(BenchmarkProfile.class)
@WithTestResource(PostgresTestResource.class)
class ImportBenchmark {

    static final int ROWS = Integer.getInteger("bench.rows", 100_000);
    static final int PASSWORD_ROWS = Integer.getInteger("bench.passwordRows", 10_000);
    static final int BIG_ROWS = Integer.getInteger("bench.bigRows", 1_000_000);

    @Inject
    ImportFixture fixture;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PasswordHasher hasher;

    @Inject
    ImportIntake intake;

    @Inject
    ImportRuns imports;

    @Test
    void importThroughputAndMemory() throws Exception {
        System.out.printf("%nprovhub import benchmark: %d cores, max heap %d MiB, PBKDF2 %d iterations%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                hasher.iterations());

        Path file = generate(ROWS, false);
        Organisation org = fixture.org("Bench", settings(false), "Vessel");
        double first = rate(ROWS, () -> expectCreated(fixture.importFile(org, file, ImportFixture.UPDATE), ROWS));
        double again = rate(ROWS, () -> fixture.importFile(org, file, ImportFixture.UPDATE));
        Organisation copyOrg = fixture.org("BenchCopy", settings(false), "Vessel");
        double copy = rate(ROWS, () -> copyIntoTheSameTables(ROWS, copyOrg));
        System.out.printf("%,d rows: first import %,.0f rows/s; re-import %,.0f rows/s; raw COPY into the same "
                + "tables %,.0f rows/s%n", ROWS, first, again, copy);

        Path withPasswords = generate(PASSWORD_ROWS, true);
        Organisation pwOrg = fixture.org("BenchPw", settings(true), "Vessel");
        double pw = rate(PASSWORD_ROWS,
                () -> expectCreated(fixture.importFile(pwOrg, withPasswords, ImportFixture.UPDATE), PASSWORD_ROWS));
        int sample = Math.max(32, Runtime.getRuntime().availableProcessors() * 16);
        int iterations = hasher.iterations();
        var pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        double hashes = rate(sample, () -> pool.submit(() -> IntStream.range(0, sample)
                .parallel().mapToObj(i -> PasswordHasher.hash("Secret" + i + "!", iterations)).toList().size())
                .join());
        System.out.printf("%,d rows with passwords: %,.1f rows/s; raw PBKDF2 on all cores: %,.1f hashes/s%n",
                PASSWORD_ROWS, pw, hashes);

        if (BIG_ROWS > 0) {
            Path big = generate(BIG_ROWS, false);
            Organisation bigOrg = fixture.org("BenchBig", settings(false), "Vessel");
            UUID runId = intake.accept(new ImportIntake.Request(bigOrg.path, "big.csv", ImportFixture.UPDATE, "bench",
                    "bench"), big);
            var watch = new RunWatch(runId);
            watch.start();
            long start = System.nanoTime();
            expectCreated(imports.runHere(runId), BIG_ROWS);
            double bigRate = BIG_ROWS / ((System.nanoTime() - start) / 1e9);
            watch.stopWatching();
            System.out.printf("%,d rows (file %,d MiB) with max heap %d MiB: %,.0f rows/s over the whole file; "
                    + "%,.0f rows/s over its first tenth, %,.0f rows/s over its last tenth (directory then %,d users "
                    + "larger); live heap after a full collection, sampled every %d s: %d MiB at most%n",
                    BIG_ROWS, Files.size(big) >> 20, Runtime.getRuntime().maxMemory() >> 20, bigRate,
                    watch.rate(0.0, 0.1), watch.rate(0.9, 1.0), (long) (BIG_ROWS * 0.9),
                    RunWatch.EVERY_SECONDS, watch.maxLiveHeap >> 20);
            Files.delete(big);
        }
        Files.delete(file);
        Files.delete(withPasswords);
    }

    static Map<String, Object> settings(boolean passwords) {
        return passwords ? Map.of("batchSize", 1000)
                : Map.of("batchSize", 1000, "usePasswordOnCreate", false, "useRandomPasswordIfNotProvided", true);
    }

    static Path generate(int rows, boolean passwords) throws IOException {
        Path file = TemporaryFolders.file("bench-" + rows, ".csv");
        String run = UUID.randomUUID().toString().substring(0, 6);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("OrgLoginID,FirstName,LastName,EmailAddress,Vessel" + (passwords ? ",Password" : "") + "\n");
            for (int i = 0; i < rows; i++) {
                out.write(i + ",First" + i + ",Last" + run + i + ",user" + run + i + "@example.org,Ship" + (i % 50));
                if (passwords) {
                    out.write(",Secret" + i + "!Aa");
                }
                out.write('\n');
            }
        }
        return file;
    }

    /**
     * The honest limit: PostgreSQL {@code COPY} of the same users straight into the tables an import writes (the
     * user with its indexes, its organisation, its profile value, and an event of a real event's size in the
     * outbox), in a transaction that is rolled back.
     */
    private void copyIntoTheSameTables(int rows, Organisation org) {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String payload = "x".repeat(700);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            var users = new StringBuilder();
            var orgs = new StringBuilder();
            var profile = new StringBuilder();
            var events = new StringBuilder();
            for (int i = 0; i < rows; i++) {
                UUID id = UUID.randomUUID();
                users.append(id).append(",copy").append(run).append(i).append(',').append(org.id).append(",c")
                        .append(run).append(i).append(",copy").append(run).append(i).append("@example.org,First")
                        .append(i).append(",Last").append(i).append(",2026-01-01 00:00:00+00,2026-01-01 00:00:00+00\n");
                orgs.append(id).append(',').append(org.id).append('\n');
                profile.append(id).append(",Vessel,Ship").append(i % 50).append('\n');
                events.append(UUID.randomUUID()).append(",user-changes,").append(id).append(',').append(i % 64)
                        .append(",user.created,/provhub/import-service,").append(id).append(",2026-01-01 00:00:00+00,")
                        .append(payload).append('\n');
                if (users.length() > 4_000_000 || i == rows - 1) {
                    copy.copyIn("copy directory_user (id, user_name, home_org_id, org_login_id, email, first_name, "
                            + "last_name, created_at, updated_at) from stdin with (format csv)",
                            new java.io.StringReader(users.toString()));
                    copy.copyIn("copy user_org (user_id, org_id) from stdin with (format csv)",
                            new java.io.StringReader(orgs.toString()));
                    copy.copyIn("copy user_profile_value (user_id, field_name, value) from stdin with (format csv)",
                            new java.io.StringReader(profile.toString()));
                    copy.copyIn("copy outbox_event (id, topic, message_key, bucket, event_type, ce_source, "
                            + "ce_subject, ce_time, payload) from stdin with (format csv)",
                            new java.io.StringReader(events.toString()));
                    users.setLength(0);
                    orgs.setLength(0);
                    profile.setLength(0);
                    events.setLength(0);
                }
            }
            c.rollback();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void expectCreated(ImportRunView run, int rows) {
        Long created = run.counts().get("created");
        if (created == null || created != rows) {
            throw new AssertionError("expected " + rows + " created, got " + run.counts() + " " + run.failure());
        }
    }

    private static double rate(int items, Runnable work) {
        long start = System.nanoTime();
        work.run();
        return items / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Samples a run's progress every second, and the live heap (after a full collection) every few seconds, so that
     * the rate of the file's first and last tenth can be compared in one run, on one machine, under one load.
     */
    private final class RunWatch extends Thread {

        static final int EVERY_SECONDS = 10;

        private final UUID runId;
        private final List<long[]> samples = new CopyOnWriteArrayList<>();
        private volatile boolean watching = true;
        volatile long maxLiveHeap;

        RunWatch(UUID runId) {
            this.runId = runId;
            setDaemon(true);
        }

        @Override
        public void run() {
            long lastGc = System.nanoTime();
            while (watching) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
                samples.add(new long[] { System.nanoTime(), imports.find(runId).rowsDone() });
                if (System.nanoTime() - lastGc > EVERY_SECONDS * 1_000_000_000L) {
                    System.gc();
                    Runtime rt = Runtime.getRuntime();
                    maxLiveHeap = Math.max(maxLiveHeap, rt.totalMemory() - rt.freeMemory());
                    lastGc = System.nanoTime();
                }
            }
        }

        void stopWatching() {
            watching = false;
            interrupt();
        }

        /** Rows per second between the samples nearest to {@code from} and {@code to} of the file. */
        double rate(double from, double to) {
            long[] a = nearest(from * BIG_ROWS);
            long[] b = nearest(to * BIG_ROWS);
            return (b[1] - a[1]) / ((b[0] - a[0]) / 1e9);
        }

        private long[] nearest(double rows) {
            return samples.stream().min(java.util.Comparator.comparingDouble(s -> Math.abs(s[1] - rows)))
                    .orElseThrow();
        }
    }
}
