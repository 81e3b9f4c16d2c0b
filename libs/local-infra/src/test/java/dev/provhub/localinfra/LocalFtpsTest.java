package dev.provhub.localinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLHandshakeException;

import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPSClient;
import org.apache.commons.net.util.TrustManagerUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalFtpsTest {

    static LocalFtps ftps;

    @BeforeAll
    static void start() {
        ftps = LocalFtps.start();
    }

    @AfterAll
    static void stop() {
        ftps.close();
    }

    @Test
    void uploadOverExplicitTlsLandsInTheUsersHome() throws Exception {
        byte[] content = "9823459,aapo@example.org\n".getBytes(StandardCharsets.UTF_8);
        FTPSClient client = ftps.connectClient();
        try {
            assertThat(client.storeFile("upload.tmp", new ByteArrayInputStream(content))).isTrue();
            assertThat(client.rename("upload.tmp", "Uudet_1.csv")).isTrue();
            client.logout();
        } finally {
            client.disconnect();
        }
        assertThat(Files.readAllBytes(ftps.uploaded("Uudet_1.csv"))).isEqualTo(content);
        assertThat(ftps.uploadedFiles()).extracting(p -> p.getFileName().toString()).contains("Uudet_1.csv");
    }

    @Test
    void heldUploadWaitsForItsReleaseWhileOtherSessionsGoOn() throws Exception {
        byte[] content = "9823459,aapo@example.org\n".getBytes(StandardCharsets.UTF_8);
        try (var hold = ftps.holdUploads()) {
            CompletableFuture<Boolean> upload = CompletableFuture.supplyAsync(() -> store("held.csv", content));

            assertThat(hold.awaitHeldUpload(Duration.ofSeconds(10))).isEqualTo("held.csv");
            ftps.checkHealth();
            assertThat(upload).isNotDone();
            assertThat(ftps.uploaded("held.csv")).doesNotExist();

            hold.release();
            assertThat(upload.get(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readAllBytes(ftps.uploaded("held.csv"))).isEqualTo(content);
        assertThat(store("after-release.csv", content)).as("uploads after the release are not held").isTrue();
    }

    @Test
    void refusesLoginOverPlainFtp() throws Exception {
        var plain = new FTPClient();
        plain.connect(ftps.host(), ftps.port());
        try {
            assertThat(plain.login(ftps.username(), ftps.password())).isFalse();
            assertThat(plain.getReplyCode()).isEqualTo(530);
        } finally {
            plain.disconnect();
        }
    }

    @Test
    void refusesTransfersOverAClearDataChannel() throws Exception {
        FTPSClient client = ftps.connectClient();
        try {
            client.execPROT("C");
            assertThat(client.storeFile("clear.csv", new ByteArrayInputStream(new byte[] { 1 }))).isFalse();
            assertThat(client.getReplyCode()).isEqualTo(521);
        } finally {
            client.disconnect();
        }
        assertThat(ftps.uploaded("clear.csv")).doesNotExist();
    }

    @Test
    void clientThatTrustsOnlyTheJvmAuthoritiesCannotConnect() throws Exception {
        var client = new FTPSClient("TLS", false);
        // commons-net's own default only checks the certificate's dates; a real client verifies the chain
        client.setTrustManager(TrustManagerUtils.getDefaultTrustManager(null));
        assertThatThrownBy(() -> {
            client.connect(ftps.host(), ftps.port());
            client.login(ftps.username(), ftps.password());
        }).isInstanceOf(SSLHandshakeException.class);
    }

    private static boolean store(String name, byte[] content) {
        try {
            FTPSClient client = ftps.connectClient();
            try {
                return client.storeFile(name, new ByteArrayInputStream(content));
            } finally {
                client.disconnect();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
