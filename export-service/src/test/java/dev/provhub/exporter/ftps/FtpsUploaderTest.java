package dev.provhub.exporter.ftps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.provhub.exporter.ftps.UploadFailedException.Step;

/** FtpsUploader against Apache FtpServer, in process, with explicit TLS unless a test says otherwise. */
class FtpsUploaderTest {

    static final String UUDET = "Uudet_20261121053000.csv";
    static final String MUOKATUT = "Muokatut_20261121053000.csv";

    static TestCertificate certificate;

    @TempDir
    Path local;

    ApacheFtpsServer server;
    final FtpsUploader uploader = new FtpsUploader();

    @BeforeAll
    static void makeCertificate() {
        certificate = TestCertificate.forLocalhost();
    }

    @BeforeEach
    void startServer() {
        server = ApacheFtpsServer.explicitTls(certificate);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void uploadsEveryFileUnderItsFinalNameWithTheExactBytes() throws Exception {
        Path uudet = csv(UUDET, "MemberId;Email\r\n1;aapo@example.org\r\n");
        Path muokatut = binary(MUOKATUT, 70_000);

        UploadResult result = uploader.upload(server.target("/", false), List.of(uudet, muokatut));

        assertThat(server.files()).containsExactly(MUOKATUT, UUDET);
        assertThat(server.home().resolve(UUDET)).hasBinaryContent(Files.readAllBytes(uudet));
        assertThat(server.home().resolve(MUOKATUT)).hasBinaryContent(Files.readAllBytes(muokatut));
        assertThat(result.files()).extracting(UploadedFile::name, UploadedFile::bytes)
                .containsExactly(tuple(UUDET, Files.size(uudet)), tuple(MUOKATUT, 70_000L));
        assertThat(result.tlsProtocol()).startsWith("TLSv1.");
    }

    @Test
    void uploadsUnderATemporaryNameThenRenames() throws Exception {
        uploader.upload(server.target("/", false), List.of(csv(UUDET, "1;aapo@example.org\n")));

        assertThat(server.commands()).containsSubsequence("STOR ." + UUDET + ".part", "SIZE ." + UUDET + ".part",
                "RNFR ." + UUDET + ".part", "RNTO " + UUDET);
        assertThat(server.files()).containsExactly(UUDET);
    }

    @Test
    void protectsTheSessionBeforeLoggingInAndEveryTransfer() throws Exception {
        uploader.upload(server.target("/", false), List.of(csv(UUDET, "1\n"), csv(MUOKATUT, "2\n")));

        assertThat(server.commands()).containsSubsequence("AUTH TLS", "USER provhub", "PASS ****", "PBSZ 0",
                "PROT P", "TYPE I", "PASV", "STOR ." + UUDET + ".part", "PASV", "STOR ." + MUOKATUT + ".part");
        assertThat(server.protectedTransfers()).containsExactly(true, true);
    }

    @Test
    void uploadsIntoTheDirectoryOfTheUrl() throws Exception {
        Files.createDirectories(server.home().resolve("incoming/daily"));

        uploader.upload(server.target("/incoming/daily", false), List.of(csv(UUDET, "1\n")));

        assertThat(server.files()).containsExactly("incoming/daily/" + UUDET);
    }

    @Test
    void uploadsOverImplicitTls() throws Exception {
        Path uudet = csv(UUDET, "1;aapo@example.org\n");
        try (var implicit = ApacheFtpsServer.implicitTls(certificate)) {
            uploader.upload(implicit.target("/", true), List.of(uudet));

            assertThat(implicit.home().resolve(UUDET)).hasBinaryContent(Files.readAllBytes(uudet));
            assertThat(implicit.commands()).doesNotContain("AUTH TLS").contains("PROT P");
            assertThat(implicit.protectedTransfers()).containsOnly(true);
        }
    }

    @Test
    void refusesACertificateTheJvmDoesNotTrust() throws Exception {
        var trustingOnlyTheJvm = FtpsTarget.parse(server.url("/"), false, ApacheFtpsServer.USER,
                ApacheFtpsServer.PASSWORD);

        var failure = catchThrowableOfType(UploadFailedException.class,
                () -> uploader.upload(trustingOnlyTheJvm, List.of(csv(UUDET, "1\n"))));

        assertThat(failure.step()).isEqualTo(Step.TLS_HANDSHAKE);
        assertThat(failure).hasMessageContaining("failed at TLS handshake")
                .hasMessageContaining("certificate of localhost was not accepted");
        assertThat(server.commands()).containsExactly("AUTH TLS");
    }

    @Test
    void refusesACertificateThatDoesNotNameTheHostConnectedTo() throws Exception {
        var byAddress = FtpsTarget.parse("ftps://127.0.0.1:" + server.port() + "/", false, ApacheFtpsServer.USER,
                ApacheFtpsServer.PASSWORD).withTrustStore(server.target("/", false).trustStore(),
                        TestCertificate.STORE_PASSWORD);

        var failure = catchThrowableOfType(UploadFailedException.class,
                () -> uploader.upload(byAddress, List.of(csv(UUDET, "1\n"))));

        assertThat(failure.step()).isEqualTo(Step.TLS_HANDSHAKE);
        assertThat(failure).hasMessageContaining("certificate of 127.0.0.1 was not accepted");
        assertThat(server.commands()).containsExactly("AUTH TLS");
    }

    @Test
    void refusesADataConnectionWhoseCertificateItDoesNotTrust() throws Exception {
        var untrusted = TestCertificate.forLocalhost();
        try (var split = ApacheFtpsServer.explicitTlsWithDataCertificate(certificate, untrusted,
                List.of(certificate))) {
            var failure = catchThrowableOfType(UploadFailedException.class,
                    () -> uploader.upload(split.target("/", false), List.of(csv(UUDET, "1\n"))));

            assertThat(failure.step()).isEqualTo(Step.TRANSFER);
            assertThat(failure).hasMessageContaining("FTPS upload of " + UUDET).hasMessageContaining(
                    "the data connection for ." + UUDET + ".part was not protected: its certificate was not accepted:"
                            + " PKIX path building failed");
            assertThat(split.files()).isEmpty();
        }
    }

    @Test
    void refusesADataConnectionWhoseCertificateNamesAnotherHost() throws Exception {
        var elsewhere = TestCertificate.forHost("elsewhere.example.org");
        try (var split = ApacheFtpsServer.explicitTlsWithDataCertificate(certificate, elsewhere,
                List.of(certificate, elsewhere))) {
            var failure = catchThrowableOfType(UploadFailedException.class,
                    () -> uploader.upload(split.target("/", false), List.of(csv(UUDET, "1\n"))));

            assertThat(failure.step()).isEqualTo(Step.TRANSFER);
            assertThat(failure).hasMessageContaining("No subject alternative DNS name matching localhost found");
            assertThat(split.files()).isEmpty();
        }
    }

    @Test
    void refusesADataConnectionThatPresentsAnotherCertificateThanTheControlConnection() throws Exception {
        var other = TestCertificate.forLocalhost();
        try (var split = ApacheFtpsServer.explicitTlsWithDataCertificate(certificate, other,
                List.of(certificate, other))) {
            var failure = catchThrowableOfType(UploadFailedException.class,
                    () -> uploader.upload(split.target("/", false), List.of(csv(UUDET, "1\n"))));

            assertThat(failure.step()).isEqualTo(Step.TRANSFER);
            assertThat(failure).hasMessageContaining(
                    "the data connection presented another certificate than the control connection");
            assertThat(split.files()).isEmpty();
        }
    }

    @Test
    void reportsATrustStoreThatCannotBeOpenedWithoutConnecting() throws Exception {
        var target = server.target("/", false).withTrustStore(server.target("/", false).trustStore(),
                "not-the-store-password");

        var failure = catchThrowableOfType(UploadFailedException.class,
                () -> uploader.upload(target, List.of(csv(UUDET, "1\n"))));

        assertThat(failure.step()).isEqualTo(Step.TLS_HANDSHAKE);
        assertThat(failure).hasMessageContaining("cannot load the trust store " + target.trustStore())
                .hasMessageNotContaining("not-the-store-password");
        assertThat(server.commands()).isEmpty();
    }

    @Test
    void reportsAWrongPasswordAsALoginFailureWithoutRevealingIt() throws Exception {
        String wrong = "Wrong-Passw0rd-for-provhub";
        var target = FtpsTarget.parse(server.url("/"), false, ApacheFtpsServer.USER, wrong)
                .withTrustStore(server.target("/", false).trustStore(), TestCertificate.STORE_PASSWORD);

        var failure = catchThrowableOfType(UploadFailedException.class,
                () -> uploader.upload(target, List.of(csv(UUDET, "1\n"))));

        assertThat(failure.step()).isEqualTo(Step.LOGIN);
        assertThat(failure.replyCode()).isEqualTo(530);
        assertThat(failure).hasMessageContaining("failed at login: the server refused user 'provhub'")
                .hasMessageContaining("530");
        assertThat(everythingSaidAbout(failure)).doesNotContain(wrong);
        assertThat(server.files()).isEmpty();
    }

    @Test
    void neverFallsBackToPlainFtpWhenTheServerRefusesAuthTls() throws Exception {
        try (var plain = ApacheFtpsServer.withoutTls()) {
            var target = FtpsTarget.parse(plain.url("/"), false, ApacheFtpsServer.USER, ApacheFtpsServer.PASSWORD);

            var failure = catchThrowableOfType(UploadFailedException.class,
                    () -> uploader.upload(target, List.of(csv(UUDET, "1\n"))));

            assertThat(failure.step()).isEqualTo(Step.TLS_HANDSHAKE);
            assertThat(failure.replyCode()).isGreaterThanOrEqualTo(400);
            assertThat(failure).hasMessageContaining("refused AUTH TLS; plain FTP is never used");
            assertThat(plain.commands()).containsExactly("AUTH TLS");
            assertThat(plain.files()).isEmpty();
        }
    }

    @Test
    void checksTheSizeWithMlstWhenTheServerDoesNotSupportSize() throws Exception {
        server.refuse("SIZE", 502, "Command not implemented");

        uploader.upload(server.target("/", false), List.of(csv(UUDET, "1;aapo@example.org\n")));

        assertThat(server.commands()).containsSubsequence("SIZE ." + UUDET + ".part", "MLST ." + UUDET + ".part",
                "RNFR ." + UUDET + ".part");
        assertThat(server.files()).containsExactly(UUDET);
    }

    @Test
    void checksTheSizeWithListWhenTheServerSupportsNeitherSizeNorMlst() throws Exception {
        server.refuse("SIZE", 502, "Command not implemented");
        server.refuse("MLST", 502, "Command not implemented");

        uploader.upload(server.target("/", false), List.of(csv(UUDET, "1;aapo@example.org\n")));

        assertThat(server.commands()).containsSubsequence("MLST ." + UUDET + ".part",
                "LIST -a ." + UUDET + ".part", "RNFR ." + UUDET + ".part");
        assertThat(server.files()).containsExactly(UUDET);
    }

    @Test
    void failsWhenTheServerKeptFewerBytesAndRemovesTheTemporaryFile() throws Exception {
        server.keepOneByteLessOfTemporaryFiles();
        Path uudet = csv(UUDET, "1;aapo@example.org\n");

        var failure = catchThrowableOfType(UploadFailedException.class,
                () -> uploader.upload(server.target("/", false), List.of(uudet)));

        assertThat(failure.step()).isEqualTo(Step.SIZE_CHECK);
        assertThat(failure.fileName()).contains(UUDET);
        assertThat(failure).hasMessageContaining("the server has " + (Files.size(uudet) - 1) + " bytes of ."
                + UUDET + ".part, the local file has " + Files.size(uudet) + "; the temporary file was removed");
        assertThat(server.commands()).contains("DELE ." + UUDET + ".part").noneMatch(c -> c.startsWith("RNFR"));
        assertThat(server.files()).isEmpty();
    }

    @Test
    void reportsARefusedRenameAndRemovesTheTemporaryFile() throws Exception {
        server.refuse("RNFR", 550, "Rename not allowed here");

        var failure = catchThrowableOfType(UploadFailedException.class,
                () -> uploader.upload(server.target("/", false), List.of(csv(UUDET, "1\n"))));

        assertThat(failure.step()).isEqualTo(Step.RENAME);
        assertThat(failure.replyCode()).isEqualTo(550);
        assertThat(failure.replyText()).contains("Rename not allowed here");
        assertThat(failure).hasMessageContaining("FTPS upload of " + UUDET)
                .hasMessageContaining("failed at rename")
                .hasMessageContaining("(server replied 550 Rename not allowed here)");
        assertThat(server.files()).isEmpty();
    }

    @Test
    void reportsWhichFilesWereDeliveredBeforeAFailure() throws Exception {
        Files.createDirectories(server.home().resolve(MUOKATUT));
        Files.writeString(server.home().resolve(MUOKATUT).resolve("occupied"), "a folder in the way");
        Path uudet = csv(UUDET, "1\n");

        var failure = catchThrowableOfType(UploadFailedException.class,
                () -> uploader.upload(server.target("/", false), List.of(uudet, csv(MUOKATUT, "2\n"))));

        assertThat(failure.step()).isEqualTo(Step.RENAME);
        assertThat(failure.fileName()).contains(MUOKATUT);
        assertThat(failure.uploaded()).containsExactly(new UploadedFile(uudet, UUDET, 2));
        assertThat(server.files()).containsExactly(MUOKATUT + "/occupied", UUDET);
    }

    @Test
    void reportsAMissingLocalFileWithoutConnecting() {
        Path missing = local.resolve(UUDET);

        var failure = catchThrowableOfType(UploadFailedException.class,
                () -> uploader.upload(server.target("/", false), List.of(missing)));

        assertThat(failure.step()).isEqualTo(Step.READ_LOCAL_FILE);
        assertThat(failure).hasMessageContaining("no readable file at " + missing);
        assertThat(server.commands()).isEmpty();
    }

    @Test
    void connectsToNobodyWhenThereIsNothingToUpload() throws Exception {
        UploadResult result = uploader.upload(server.target("/", false), List.of());

        assertThat(result.files()).isEmpty();
        assertThat(server.commands()).isEmpty();
    }

    /** Message, reply text and the messages of all causes: where a leaked password would show. */
    static String everythingSaidAbout(UploadFailedException failure) {
        var said = new StringBuilder(failure.toString()).append('\n').append(failure.replyText().orElse(""));
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            said.append('\n').append(cause);
        }
        return said.toString();
    }

    private Path csv(String name, String content) throws IOException {
        return Files.writeString(local.resolve(name), content, StandardCharsets.UTF_8);
    }

    /** Every byte value, CR and LF included, so that a transfer in ASCII mode would change the content. */
    private Path binary(String name, int size) throws IOException {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        content[0] = '\r';
        content[1] = '\n';
        return Files.write(local.resolve(name), content);
    }
}
