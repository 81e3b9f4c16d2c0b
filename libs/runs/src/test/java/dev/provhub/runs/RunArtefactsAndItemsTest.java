package dev.provhub.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.provhub.localinfra.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "runs"))
class RunArtefactsAndItemsTest {

    @Inject
    RunArtefacts artefacts;

    @Inject
    RunItems items;

    @TempDir
    Path dir;

    @Test
    void anArtefactComesBackByteForByteFromChunks() throws Exception {
        UUID run = UUID.randomUUID();
        byte[] bytes = new byte[3_500];
        new Random(7).nextBytes(bytes);
        Path file = Files.write(dir.resolve("in.bin"), bytes);

        RunArtefact stored = artefacts.store(run, "upload.csv", "text/csv", file);

        assertThat(stored.sizeBytes()).isEqualTo(3_500);
        try (InputStream in = artefacts.open(run, "upload.csv")) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        assertThat(Files.readAllBytes(artefacts.copyTo(run, "upload.csv", dir.resolve("copy.bin")))).isEqualTo(bytes);
        assertThat(artefacts.list(run)).extracting(RunArtefact::name).containsExactly("upload.csv");
    }

    @Test
    void anEmptyFileIsAnEmptyArtefact() throws Exception {
        UUID run = UUID.randomUUID();
        artefacts.store(run, "Uudet.csv", "text/csv", Files.write(dir.resolve("empty.csv"), new byte[0]));

        try (InputStream in = artefacts.open(run, "Uudet.csv")) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void artefactsOlderThanTheRetentionAreDeletedForEveryRun() throws Exception {
        UUID run = UUID.randomUUID();
        artefacts.store(run, "a.csv", "text/csv", Files.writeString(dir.resolve("a.csv"), "x\n"));

        assertThat(artefacts.deleteOlderThan(Instant.now().minusSeconds(3600))).isZero();
        assertThat(artefacts.deleteOlderThan(Instant.now().plusSeconds(1))).isGreaterThanOrEqualTo(1);

        assertThat(artefacts.list(run)).isEmpty();
    }

    @Test
    void aRunKeepsAtMostTheConfiguredNumberOfItems() {
        UUID run = UUID.randomUUID();
        List<RunItem> eight = IntStream.rangeClosed(1, 8)
                .mapToObj(line -> RunItem.atLine(line, "failed", "bad row " + line, "raw")).toList();

        items.add(run, eight.subList(0, 3));
        items.add(run, eight.subList(3, 8));

        assertThat(items.list(run)).hasSize(5).extracting(RunItem::line).containsExactly(1L, 2L, 3L, 4L, 5L);
    }
}
