package dev.provhub.localinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

class LocalSmtpTest {

    @Test
    void realSmtpClientDeliversAMessageThatCanBeRead() throws Exception {
        try (LocalSmtp smtp = LocalSmtp.start(0)) {
            smtp.checkHealth();
            var props = new Properties();
            props.put("mail.smtp.host", smtp.host());
            props.put("mail.smtp.port", String.valueOf(smtp.port()));
            var message = new MimeMessage(Session.getInstance(props));
            message.setFrom(new InternetAddress("provhub@example.org"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress("admin@example.org"));
            message.setSubject("Import finished");
            message.setText("3 created");
            Transport.send(message);

            var received = smtp.awaitMessages(1, Duration.ofSeconds(10));
            assertThat(received).hasSize(1);
            assertThat(received.get(0).getSubject()).isEqualTo("Import finished");
            assertThat(received.get(0).getAllRecipients()[0].toString()).isEqualTo("admin@example.org");

            smtp.clear();
            assertThat(smtp.receivedMessages()).isEmpty();
        }
    }
}
