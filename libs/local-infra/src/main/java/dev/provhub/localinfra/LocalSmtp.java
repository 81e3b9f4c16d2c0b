package dev.provhub.localinfra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * A real SMTP server (GreenMail) that accepts every message and keeps it for assertions. It does not relay mail
 * anywhere.
 */
public final class LocalSmtp implements AutoCloseable {

    private final GreenMail greenMail;
    private final int port;

    private LocalSmtp(GreenMail greenMail, int port) {
        this.greenMail = greenMail;
        this.port = port;
    }

    /** @param port the SMTP port, or 0 for a free one */
    public static LocalSmtp start(int port) {
        QuietLogs.apply();
        int chosen = FreePorts.orPick(port);
        var greenMail = new GreenMail(new ServerSetup(chosen, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return new LocalSmtp(greenMail, chosen);
    }

    public String host() {
        return "localhost";
    }

    public int port() {
        return port;
    }

    /** Every message received since the start or the last {@link #clear()}. */
    public List<MimeMessage> receivedMessages() {
        return List.of(greenMail.getReceivedMessages());
    }

    /** Waits until at least {@code count} messages arrived; returns them. */
    public List<MimeMessage> awaitMessages(int count, Duration timeout) {
        if (!greenMail.waitForIncomingEmail(timeout.toMillis(), count)) {
            throw new AssertionError("expected " + count + " message(s) within " + timeout + ", got "
                    + greenMail.getReceivedMessages().length);
        }
        return receivedMessages();
    }

    public void clear() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException("could not clear the received mail", e);
        }
    }

    /** Answers when a real SMTP client is greeted and its EHLO accepted. */
    public void checkHealth() throws IOException {
        try (var socket = new Socket(host(), port);
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                var out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.US_ASCII)) {
            socket.setSoTimeout(5_000);
            expect(in.readLine(), "220");
            out.print("EHLO health-check\r\n");
            out.flush();
            String line;
            do {
                line = in.readLine();
                expect(line, "250");
            } while (line.startsWith("250-"));
            out.print("QUIT\r\n");
            out.flush();
        }
    }

    private static void expect(String line, String code) throws IOException {
        if (line == null || !line.startsWith(code)) {
            throw new IOException("SMTP server answered '" + line + "', expected " + code);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
