package dev.provhub.exporter.ftps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class FtpsTargetTest {

    @Test
    void readsHostPortAndUploadDirectory() {
        var target = FtpsTarget.parse("ftps://ftp.example.org:2121/in/daily/", false, "provhub", "secret-pw");

        assertThat(target.host()).isEqualTo("ftp.example.org");
        assertThat(target.port()).isEqualTo(2121);
        assertThat(target.directory()).isEqualTo("in/daily");
        assertThat(target.implicitTls()).isFalse();
        assertThat(target.url()).isEqualTo("ftps://ftp.example.org:2121/in/daily");
    }

    @Test
    void defaultsToPort21ForExplicitAndPort990ForImplicitTls() {
        assertThat(FtpsTarget.parse("ftps://ftp.example.org", false, "provhub", "pw").port()).isEqualTo(21);
        assertThat(FtpsTarget.parse("ftps://ftp.example.org", true, "provhub", "pw").port()).isEqualTo(990);
    }

    @Test
    void uploadsToTheLoginDirectoryWhenTheUrlHasNoPath() {
        assertThat(FtpsTarget.parse("ftps://ftp.example.org", false, "provhub", "pw").directory()).isEmpty();
        assertThat(FtpsTarget.parse("ftps://ftp.example.org/", false, "provhub", "pw").directory()).isEmpty();
    }

    @Test
    void readsAnEncodedLeadingSlashAsAnAbsoluteDirectory() {
        var target = FtpsTarget.parse("ftps://ftp.example.org/%2Fsrv/provisioning", false, "provhub", "pw");

        assertThat(target.directory()).isEqualTo("/srv/provisioning");
        assertThat(target.url()).isEqualTo("ftps://ftp.example.org:21/%2Fsrv/provisioning");
    }

    @Test
    void readsAnIpv6Host() {
        var target = FtpsTarget.parse("ftps://[::1]:2121/", false, "provhub", "pw");

        assertThat(target.host()).isEqualTo("::1");
        assertThat(target.url()).isEqualTo("ftps://[::1]:2121/");
    }

    @Test
    void refusesPlainFtp() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> FtpsTarget.parse("ftp://ftp.example.org/in", false, "provhub", "pw"))
                .withMessageStartingWith("plain FTP is not allowed; use ftps://");
    }

    @Test
    void refusesOtherSchemes() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> FtpsTarget.parse("sftp://ftp.example.org/in", false, "provhub", "pw"))
                .withMessageContaining("not an FTPS URL: sftp://ftp.example.org/in");
    }

    @Test
    void refusesCredentialsInTheUrlWithoutRepeatingThem() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> FtpsTarget.parse("ftps://provhub:S3cret-pw@ftp.example.org/in", false, "provhub",
                        "pw"))
                .withMessageContaining("configure the user and password separately")
                .withMessageContaining("ftps://****@ftp.example.org/in")
                .withMessageNotContaining("S3cret-pw");
    }

    @Test
    void refusesAnUnreadableUrlWithoutRepeatingThePasswordInIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> FtpsTarget.parse("ftps://provhub:S3cret pw/x@ftp.example.org/in", false,
                        "provhub", "pw"))
                .withMessageStartingWith("not a valid FTPS URL: ftps://****@ftp.example.org/in")
                .withMessageNotContaining("S3cret")
                .withNoCause();
    }

    @Test
    void refusesAUrlWithoutHost() {
        assertThatIllegalArgumentException().isThrownBy(() -> FtpsTarget.parse("ftps:///in", false, "u", "pw"))
                .withMessageContaining("has no host");
    }

    @Test
    void refusesAQueryOrFragment() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> FtpsTarget.parse("ftps://ftp.example.org/in?type=i", false, "u", "pw"))
                .withMessageContaining("no query or fragment");
    }

    @Test
    void requiresAUserAndPositiveTimeouts() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> FtpsTarget.parse("ftps://ftp.example.org", false, " ", "pw"))
                .withMessage("FTPS user is missing");
        var target = FtpsTarget.parse("ftps://ftp.example.org", false, "provhub", "pw");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> target.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .withMessageContaining("connectTimeout must be positive");
    }

    @Test
    void showsNoPasswordInToString() {
        var target = FtpsTarget.parse("ftps://ftp.example.org/in", false, "provhub", "Account-Secret-1")
                .withTrustStore(Path.of("/etc/provhub/ftps-trust.p12"), "Store-Secret-2");

        assertThat(target.toString()).contains("user=provhub", "password=****", "trustStorePassword=****",
                "/etc/provhub/ftps-trust.p12").doesNotContain("Account-Secret-1", "Store-Secret-2");
    }
}
