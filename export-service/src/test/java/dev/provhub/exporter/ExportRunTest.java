package dev.provhub.exporter;

import static dev.provhub.exporter.EventFeed.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.provhub.events.UserChangeType;
import dev.provhub.events.UserChangedEvent;
import dev.provhub.exporter.run.ExportRunView;
import dev.provhub.exporter.run.ExportRuns;
import dev.provhub.localinfra.LocalInfra;
import dev.provhub.runs.RunAlreadyActiveException;
import dev.provhub.runs.RunArtefacts;
import dev.provhub.runs.RunStatus;
import io.micrometer.core.instrument.MeterRegistry;

/** The export's decisions, files, uploads and commits, against a real broker, database and FTPS server. */
@ExportServiceTest
class ExportRunTest {

    @Inject
    ExportRuns exports;

    @Inject
    RunArtefacts artefacts;

    @Inject
    EventFeed feed;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void startFromACleanSlate() throws IOException {
        LocalInfra.ftps().resume();
        ExportRunView settle = exports.runNow("test", false, null);
        assertThat(settle.status()).as(String.valueOf(settle.failure())).isEqualTo(RunStatus.COMPLETED);
        for (Path file : LocalInfra.ftps().uploadedFiles()) {
            Files.delete(file);
        }
    }

    static String n() {
        return String.valueOf(1_000_000 + (int) (Math.random() * 8_000_000));
    }

    @Test
    void firstRunExportsEveryoneWithAUpnAsNewInTheSeedsFormat() throws IOException {
        String a = n();
        String b = n();
        feed.apply(user(a, "aapo." + a + "@example.org", "Aapo", "Kiilunen").build());
        feed.apply(user(b, "bea." + b + "@example.org", "Bea", "Berg").postalCode(null).o365Suspended(true).build());
        feed.apply(user(n(), null, "Cai", "NoUpn").build());

        ExportRunView run = exports.runNow("test", false, null);

        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.counts()).containsEntry("new", 2L).containsEntry("updated", 0L).containsEntry("removed", 0L);
        String expected = sorted(
                a + ",aapo." + a + "@example.org,Aapo,Kiilunen,aapo@example.org,00100,0,0",
                b + ",bea." + b + "@example.org,Bea,Berg,bea@example.org,NULL,0,1");
        assertThat(uploaded(run, "new")).isEqualTo(expected);
        assertThat(run.files()).filteredOn(f -> f.kind().equals("updated")).singleElement()
                .satisfies(f -> assertThat(f.uploaded()).as("empty files are sent too, as the original did").isTrue());
        assertThat(Files.readString(LocalInfra.ftps().uploaded(file(run, "updated")))).isEmpty();
        assertThat(LocalInfra.ftps().uploadedFiles()).extracting(p -> p.getFileName().toString())
                .hasSize(3).allMatch(name -> name.matches("(Uudet|Muokatut|Poistetut)_\\d{14}\\.csv"));
    }

    @Test
    void changesLandInTheirFilesComparedWithWhatWasLastExported() throws IOException {
        String a = n();
        String b = n();
        String c = n();
        String d = n();
        UserChangedEvent ua = feed.apply(user(a, "a" + a + "@example.org", "Anna", "A").build());
        UserChangedEvent ub = feed.apply(user(b, "b" + b + "@example.org", "Bert", "B").build());
        UserChangedEvent uc = feed.apply(user(c, "c" + c + "@example.org", "Cecilia", "C").build());
        UserChangedEvent ud = feed.apply(user(d, "d" + d + "@example.org", "Daavid", "D").build());
        exports.runNow("test", false, null);

        feed.next(ua, UserChangeType.UPDATED, e -> e.postalCode("00200"));
        feed.next(ub, UserChangeType.DELETED, e -> e.active(false));
        feed.next(uc, UserChangeType.UPDATED, e -> e.upn(null));
        UserChangedEvent renamed = feed.next(ud, UserChangeType.UPDATED, e -> e.givenName("Daniel"));
        feed.next(renamed, UserChangeType.UPDATED, e -> e.givenName("Dan"));
        ExportRunView run = exports.runNow("test", false, null);

        assertThat(run.counts()).containsEntry("new", 0L).containsEntry("updated", 2L).containsEntry("removed", 2L);
        assertThat(uploaded(run, "updated")).isEqualTo(sorted(
                a + ",a" + a + "@example.org,Anna,A,anna@example.org,00200,0,0",
                d + ",d" + d + "@example.org,Dan,D,daavid@example.org,00100,0,0"));
        assertThat(uploaded(run, "removed")).as("removed rows carry what was exported").isEqualTo(sorted(
                b + ",b" + b + "@example.org,Bert,B,bert@example.org,00100,0,0",
                c + ",c" + c + "@example.org,Cecilia,C,cecilia@example.org,00100,0,0"));
    }

    @Test
    void memberCreatedAndDeletedBetweenRunsAppearsNowhere() {
        UserChangedEvent created = feed.apply(user(n(), "x@example.org", "Xena", "X").build());
        feed.next(created, UserChangeType.DELETED, e -> e.active(false));

        ExportRunView run = exports.runNow("test", false, null);

        assertThat(run.counts()).containsEntry("new", 0L).containsEntry("removed", 0L);
    }

    @Test
    void unwritableValuesAreWithheldUntilFixed() throws IOException {
        String a = n();
        UserChangedEvent comma = feed.apply(user(a, "w" + a + "@example.org", "Wilma", "Smith, Jr").build());

        ExportRunView withheld = exports.runNow("test", false, null);
        assertThat(withheld.counts()).containsEntry("new", 0L).containsEntry("withheld", 1L);
        assertThat(withheld.withheld()).singleElement().satisfies(w -> {
            assertThat(w.membernumber()).isEqualTo(a);
            assertThat(w.reason()).isEqualTo("lastname contains ','");
        });
        assertThat(exports.runNow("test", false, null).withheld()).as("listed again while not fixed").hasSize(1);

        feed.next(comma, UserChangeType.UPDATED, e -> e.familyName("Smith Jr"));
        ExportRunView fixed = exports.runNow("test", false, null);
        assertThat(fixed.counts()).containsEntry("new", 1L).containsEntry("withheld", 0L);
        assertThat(uploaded(fixed, "new")).isEqualTo(a + ",w" + a
                + "@example.org,Wilma,Smith Jr,wilma@example.org,00100,0,0\n");
    }

    @Test
    void failedUploadCommitsNothingAndTheNextRunSendsEverythingPending() throws IOException {
        String a = n();
        feed.apply(user(a, "f" + a + "@example.org", "Fanny", "F").build());
        LocalInfra.ftps().suspend();
        ExportRunView failed;
        try {
            failed = exports.runNow("test", false, null);
        } finally {
            LocalInfra.ftps().resume();
        }
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.failure()).contains("upload failed").contains("nothing was committed");
        assertThat(kept(failed, "new")).as("the files are kept").contains(a + ",");

        String b = n();
        feed.apply(user(b, "g" + b + "@example.org", "Greta", "G").build());
        ExportRunView next = exports.runNow("test", false, null);

        assertThat(next.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(uploaded(next, "new")).contains(a + ",").contains(b + ",");
    }

    @Test
    void aServerAwayInTheMiddleOfAnUploadGetsTheRestUnderTheRunsOwnNamesWhenItIsBack() throws Exception {
        String a = n();
        feed.apply(user(a, "k" + a + "@example.org", "Kalle", "K").build());
        double retriesBefore = registry.counter("provhub.export.upload.retries").count();
        ExportRunView run;
        try (var hold = LocalInfra.ftps().holdUploads()) {
            var running = CompletableFuture.supplyAsync(() -> exports.runNow("test", false, null));
            hold.awaitHeldUpload(Duration.ofSeconds(30));
            // the first file is on its way; the server stops taking connections for the next ones a moment
            LocalInfra.ftps().suspend();
            hold.release();
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> registry.counter("provhub.export.upload.retries").count() > retriesBefore);
            LocalInfra.ftps().resume();
            run = running.get(60, TimeUnit.SECONDS);
        } finally {
            LocalInfra.ftps().resume();
        }

        assertThat(run.status()).as(String.valueOf(run.failure())).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.files()).allSatisfy(f -> assertThat(f.uploaded()).as(f.name()).isTrue());
        assertThat(LocalInfra.ftps().uploadedFiles()).extracting(p -> p.getFileName().toString())
                .as("each file once, under its name in the run").containsExactlyInAnyOrderElementsOf(
                        run.files().stream().map(f -> f.name()).toList());
        assertThat(uploaded(run, "new")).contains(a + ",");
    }

    @Test
    void dryRunWritesTheFilesUploadsNothingAndCommitsNothing() throws IOException {
        String a = n();
        feed.apply(user(a, "h" + a + "@example.org", "Heikki", "H").build());

        ExportRunView dry = exports.runNow("test", true, null);

        assertThat(dry.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(dry.files()).allSatisfy(f -> assertThat(f.uploaded()).isFalse());
        assertThat(kept(dry, "new")).contains(a + ",");
        assertThat(LocalInfra.ftps().uploadedFiles()).isEmpty();
        assertThat(exports.runNow("test", false, null).counts()).as("still pending after the dry run")
                .containsEntry("new", 1L);
    }

    @Test
    void baselineMarksTheCurrentStateAsExportedWithoutFiles() throws IOException {
        String a = n();
        UserChangedEvent ua = feed.apply(user(a, "i" + a + "@example.org", "Iida", "I").build());

        assertThat(exports.baseline("test")).isPositive();
        assertThat(exports.runNow("test", false, null).counts()).containsEntry("new", 0L);

        feed.next(ua, UserChangeType.UPDATED, e -> e.givenName("Ida"));
        ExportRunView after = exports.runNow("test", false, null);
        assertThat(after.counts()).containsEntry("updated", 1L);
        assertThat(uploaded(after, "updated")).contains(",Ida,");
    }

    @Test
    void twoTriggersAtOnceMakeOneRun() {
        ExportRunView first = exports.start("test", false, null);

        assertThatThrownBy(() -> exports.start("test", false, null))
                .isInstanceOf(RunAlreadyActiveException.class)
                .hasMessageContaining(first.id().toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> exports.find(first.id()).status().finished());
    }

    @Test
    void usersOfOtherOriginsAreNotExported() {
        feed.apply(user(n(), "s@example.org", "Sync", "User").origin("sync-service").build());

        assertThat(exports.runNow("test", false, null).counts()).containsEntry("new", 0L);
    }

    private String uploaded(ExportRunView run, String kind) throws IOException {
        String name = file(run, kind);
        assertThat(run.files()).filteredOn(f -> f.name().equals(name)).singleElement()
                .satisfies(f -> assertThat(f.uploaded()).isTrue());
        return Files.readString(LocalInfra.ftps().uploaded(name), StandardCharsets.UTF_8);
    }

    /** The file of {@code kind} as the run keeps it (in the database, for any replica to serve). */
    private String kept(ExportRunView run, String kind) throws IOException {
        try (var in = artefacts.open(run.id(), file(run, kind))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String file(ExportRunView run, String kind) {
        return run.files().stream().filter(f -> f.kind().equals(kind)).findFirst().orElseThrow().name();
    }

    private static String sorted(String... lines) {
        return String.join("\n", List.of(lines).stream().sorted().toList()) + "\n";
    }
}
