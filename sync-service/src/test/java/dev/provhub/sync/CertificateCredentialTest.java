package dev.provhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Signing in with a certificate registered on the app instead of a secret, as Microsoft recommends. */
@SyncServiceTest
class CertificateCredentialTest extends FreshTenantTest {

    @Test
    void syncsWithAClientCertificate() {
        var config = ConfigProvider.getConfig();
        var result = fixture.provision("--tenant", config.getValue("provhub.m365.tenant-id", String.class),
                "--client-id", config.getValue("provhub.m365.client-id", String.class), "--client-certificate",
                config.getValue("provhub.m365.client-certificate", String.class), "--client-certificate-password",
                config.getValue("provhub.m365.client-certificate-password", String.class), "-a", "O365 Staff");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(fixture.members("O365 Staff")).hasSize(15);
        assertThat(fixture.simulator().journal().forPath("/oauth2/v2.0/token")).as("one sign-in serves the run's calls")
                .hasSize(1);
    }
}
