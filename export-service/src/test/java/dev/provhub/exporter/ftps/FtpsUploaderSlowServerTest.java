package dev.provhub.exporter.ftps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.provhub.exporter.ftps.UploadFailedException.Step;

/**
 * The FTPS timeout is an idle timeout: against vsftpd limited to {@value #BYTES_PER_SECOND} bytes/s, an upload that
 * takes several times the timeout but keeps making progress succeeds, and one the server stops taking fails within
 * about the timeout (twice the timeout once all data is handed over). The server stops by being frozen with
 * SIGSTOP. Skipped only where vsftpd is not installed.
 */
class FtpsUploaderSlowServerTest {

    static final int BYTES_PER_SECOND = 100_000;
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);

    static VsftpdServer vsftpd;

    @TempDir
    Path local;

    final FtpsUploader uploader = new FtpsUploader();

    @BeforeAll
    static void startRateLimitedVsftpd() throws Exception {
        assumeTrue(VsftpdServer.isInstalled(), "vsftpd is not installed at " + VsftpdServer.BINARY);
        vsftpd = VsftpdServer.rateLimited(TestCertificate.forLocalhost(), BYTES_PER_SECOND);
    }

    @AfterAll
    static void stopVsftpd() {
        if (vsftpd != null) {
            vsftpd.close();
        }
    }

    @Test
    void uploadsAFileThatTakesFarLongerThanTheTimeoutWhileTheTransferProgresses() throws Exception {
        // 16 s at the server's rate, more than five times the idle timeout
        Path uudet = binary("Uudet_20261121053000.csv", 1_600_000);
        Instant start = Instant.now();

        UploadResult result = uploader.upload(target(), List.of(uudet));

        assertThat(Duration.between(start, Instant.now())).isGreaterThan(IDLE_TIMEOUT.multipliedBy(4));
        assertThat(vsftpd.uploadDir().resolve("Uudet_20261121053000.csv")).as(vsftpd::log)
                .hasBinaryContent(Files.readAllBytes(uudet));
        assertThat(result.files()).extracting(UploadedFile::bytes).containsExactly(1_600_000L);
    }

    @Test
    void failsWithinAboutTheTimeoutWhenTheServerStopsTakingData() throws Exception {
        Path uudet = binary("Uudet_20261122053000.csv", 1_000_000);

        Stall stall = stallWhenTheServerHas(uudet, 100_000);

        assertThat(stall.failedAfter()).isLessThan(IDLE_TIMEOUT.multipliedBy(2));
        assertThat(stall.failure()).isInstanceOfSatisfying(UploadFailedException.class,
                f -> assertThat(f.step()).isEqualTo(Step.TRANSFER));
        assertThat(stall.failure()).hasMessageContaining("FTPS upload of Uudet_20261122053000.csv").hasMessageContaining(
                "failed at transfer: sending .Uudet_20261122053000.csv.part stopped: the server took no data for 3 s");
    }

    @Test
    void failsWithinAboutTwiceTheTimeoutWhenTheServerStopsAfterTheLastWrite() throws Exception {
        // small enough for the socket buffers: every write has returned; the data connection's close, then the
        // reply, each get the timeout
        Path poistetut = binary("Poistetut_20261122053000.csv", 150_000);

        Stall stall = stallWhenTheServerHas(poistetut, 1);

        assertThat(stall.failedAfter()).isLessThan(IDLE_TIMEOUT.multipliedBy(5).dividedBy(2));
        assertThat(stall.failure()).isInstanceOfSatisfying(UploadFailedException.class,
                f -> assertThat(f.step()).isEqualTo(Step.TRANSFER));
        assertThat(stall.failure()).hasMessageContaining("sending .Poistetut_20261122053000.csv.part stopped: the"
                + " server did not confirm the transfer within 3 s");
    }

    /** What became of an upload when the server froze. */
    record Stall(Duration failedAfter, Throwable failure) {
    }

    /** Uploads {@code file} and freezes the server once it has received {@code bytes} of it. */
    private Stall stallWhenTheServerHas(Path file, long bytes) throws IOException, InterruptedException {
        var upload = new FutureTask<>(() -> uploader.upload(target(), List.of(file)));
        new Thread(upload, "upload to a server that stalls").start();
        awaitServerReceived("." + file.getFileName() + ".part", bytes);
        Instant stalled = Instant.now();
        vsftpd.pauseSessions();
        try {
            Throwable failure = failureOf(upload, IDLE_TIMEOUT.multipliedBy(4));
            return new Stall(Duration.between(stalled, Instant.now()), failure);
        } finally {
            vsftpd.resumeSessions();
        }
    }

    private static FtpsTarget target() {
        return vsftpd.target().withTimeouts(Duration.ofSeconds(5), IDLE_TIMEOUT);
    }

    /** Waits until the server has written at least {@code bytes} of {@code name}: the transfer is under way. */
    private static void awaitServerReceived(String name, long bytes) throws IOException, InterruptedException {
        Path file = vsftpd.uploadDir().resolve(name);
        Instant deadline = Instant.now().plusSeconds(10);
        while (!(Files.exists(file) && Files.size(file) >= bytes)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the server received less than " + bytes + " bytes of " + name
                        + " in 10 s\n" + vsftpd.log());
            }
            Thread.sleep(20);
        }
    }

    private static Throwable failureOf(Future<UploadResult> upload, Duration atMost) throws InterruptedException {
        try {
            upload.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("the upload to a server that stopped taking data succeeded");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the upload to a server that stopped taking data still runs after " + atMost);
        }
    }

    private Path binary(String name, int size) throws IOException {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        return Files.write(local.resolve(name), content);
    }
}
