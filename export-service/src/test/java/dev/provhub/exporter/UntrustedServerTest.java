package dev.provhub.exporter;

import static dev.provhub.exporter.EventFeed.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.provhub.exporter.run.ExportRunView;
import dev.provhub.exporter.run.ExportRuns;
import dev.provhub.localinfra.LocalInfra;
import dev.provhub.runs.RunStatus;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Without the server's certificate in a trust store the upload is refused: no silent fallback to plain FTP. */
@ExportServiceTest
@TestProfile(UntrustedServerTest.JvmTrustOnly.class)
class UntrustedServerTest {

    public static class JvmTrustOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("provhub.export.ftps.trust-store", "");
        }
    }

    @Inject
    EventFeed feed;

    @Inject
    ExportRuns exports;

    @Test
    void serverWhoseCertificateIsNotTrustedGetsNothing() throws Exception {
        feed.apply(user("7654321", "t@example.org", "Trust", "Less").build());

        ExportRunView run = exports.runNow("test", false, null);

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.failure()).contains("upload failed").containsIgnoringCase("certificate");
        assertThat(run.failure()).doesNotContain(LocalInfra.ftps().password());
        assertThat(run.files()).allSatisfy(f -> assertThat(f.uploaded()).isFalse());
        String sent = run.files().stream().filter(f -> f.kind().equals("new")).findFirst().orElseThrow().name();
        assertThat(LocalInfra.ftps().uploaded(sent)).doesNotExist();
    }
}
