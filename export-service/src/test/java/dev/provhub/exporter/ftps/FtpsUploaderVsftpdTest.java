package dev.provhub.exporter.ftps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPSClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FtpsUploader against vsftpd with {@code require_ssl_reuse=YES}: a server that refuses every data connection that
 * does not resume the control connection's TLS session. Skipped only where vsftpd is not installed.
 */
class FtpsUploaderVsftpdTest {

    static TestCertificate certificate;
    static VsftpdServer vsftpd;

    @TempDir
    Path local;

    final FtpsUploader uploader = new FtpsUploader();

    @BeforeAll
    static void startVsftpd() throws Exception {
        assumeTrue(VsftpdServer.isInstalled(), "vsftpd is not installed at " + VsftpdServer.BINARY
                + " (apt-get install vsftpd): skipping the tests against a server that requires TLS session reuse");
        certificate = TestCertificate.forLocalhost();
        vsftpd = VsftpdServer.start(certificate);
    }

    @AfterAll
    static void stopVsftpd() {
        if (vsftpd != null) {
            vsftpd.close();
        }
    }

    @Test
    void refusesTheDataConnectionOfAClientThatDoesNotResumeTheTlsSession() throws Exception {
        var context = SSLContext.getInstance("TLS");
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(certificate.trustStore());
        context.init(null, trust.getTrustManagers(), null);
        var client = new FTPSClient(false, context);
        client.setEndpointCheckingEnabled(true);
        client.setDefaultTimeout(10_000);
        client.connect("localhost", vsftpd.port());
        try {
            assertThat(client.login(VsftpdServer.USER, vsftpd.password())).as(vsftpd::log).isTrue();
            client.execPBSZ(0);
            client.execPROT("P");
            client.enterLocalPassiveMode();
            client.setFileType(FTP.BINARY_FILE_TYPE);
            String target = vsftpd.uploadDir().getFileName() + "/plain-client.csv";

            boolean stored = client.storeFile(target, new ByteArrayInputStream("1;aapo\n".getBytes()));

            assertThat(stored).as(vsftpd::log).isFalse();
            assertThat(client.getReplyCode()).isEqualTo(522);
            assertThat(client.getReplyString()).contains("session reuse required");
        } finally {
            client.disconnect();
        }
    }

    @Test
    void uploadsAFileThatArrivesWithTheExactBytes() throws Exception {
        Path uudet = csv("Uudet_20261121053000.csv", "MemberId;Email\r\n1;aapo@example.org\r\n");

        UploadResult result = uploader.upload(vsftpd.target(), List.of(uudet));

        assertThat(vsftpd.uploadDir().resolve("Uudet_20261121053000.csv")).as(vsftpd::log)
                .hasBinaryContent(Files.readAllBytes(uudet));
        assertThat(result.files()).extracting(UploadedFile::name).containsExactly("Uudet_20261121053000.csv");
        assertThat(fileNames()).containsExactly("Uudet_20261121053000.csv");
    }

    @Test
    void resumesTheTlsSessionOnEveryDataConnectionOfTheSession() throws Exception {
        List<Path> files = List.of(csv("Uudet_20261122053000.csv", "1;aapo@example.org\n"),
                csv("Muokatut_20261122053000.csv", "2;bea@example.org\n"),
                csv("Poistetut_20261122053000.csv", "3;cid@example.org\n"));

        UploadResult result = uploader.upload(vsftpd.target(), files);

        assertThat(result.files()).as(vsftpd::log).hasSize(3);
        for (Path file : files) {
            assertThat(vsftpd.uploadDir().resolve(file.getFileName().toString()))
                    .hasBinaryContent(Files.readAllBytes(file));
        }
    }

    private List<String> fileNames() throws IOException {
        try (var files = Files.list(vsftpd.uploadDir())) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith("Uudet_2026112105"))
                    .sorted().toList();
        }
    }

    private Path csv(String name, String content) throws IOException {
        return Files.writeString(local.resolve(name), content, StandardCharsets.UTF_8);
    }
}
