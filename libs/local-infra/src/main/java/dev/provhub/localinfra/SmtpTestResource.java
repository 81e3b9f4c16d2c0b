package dev.provhub.localinfra;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real SMTP server for {@code @QuarkusTest}s, set as the Quarkus Mailer's server (the mailer's mock is turned
 * off so mail really travels over SMTP). Read what arrived with {@code LocalInfra.smtp().receivedMessages()}.
 */
public class SmtpTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        LocalSmtp smtp = LocalInfra.smtp();
        return Map.of(
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.host", smtp.host(),
                "quarkus.mailer.port", String.valueOf(smtp.port()),
                "quarkus.mailer.start-tls", "DISABLED",
                "quarkus.mailer.tls", "false");
    }

    @Override
    public void stop() {
        // shared by the JVM: stopped at exit
    }
}
