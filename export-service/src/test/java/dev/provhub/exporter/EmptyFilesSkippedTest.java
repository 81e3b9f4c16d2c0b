package dev.provhub.exporter;

import static dev.provhub.exporter.EventFeed.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.provhub.exporter.run.ExportRunView;
import dev.provhub.exporter.run.ExportRuns;
import dev.provhub.localinfra.LocalInfra;
import dev.provhub.runs.RunStatus;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A receiver that wants no empty files gets only the files with rows. */
@ExportServiceTest
@TestProfile(EmptyFilesSkippedTest.OnlyFilesWithRows.class)
class EmptyFilesSkippedTest {

    public static class OnlyFilesWithRows implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("provhub.export.upload-empty-files", "false");
        }
    }

    @Inject
    EventFeed feed;

    @Inject
    ExportRuns exports;

    @Test
    void emptyFilesAreWrittenButNotUploaded() throws IOException {
        exports.runNow("test", false, null);
        for (Path file : LocalInfra.ftps().uploadedFiles()) {
            Files.delete(file);
        }
        feed.apply(user("8765432", "e@example.org", "Empty", "Files").build());

        ExportRunView run = exports.runNow("test", false, null);

        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.files()).filteredOn(f -> f.kind().equals("new")).singleElement()
                .satisfies(f -> assertThat(f.uploaded()).isTrue());
        assertThat(run.files()).filteredOn(f -> f.rows() == 0).hasSize(2)
                .allSatisfy(f -> assertThat(f.uploaded()).isFalse())
                .allSatisfy(f -> assertThat(f.note()).isEqualTo("empty: not uploaded"));
        assertThat(LocalInfra.ftps().uploadedFiles()).extracting(p -> p.getFileName().toString())
                .singleElement().asString().startsWith("Uudet_");
    }
}
