package dev.provhub.importer.folder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.provhub.importer.config.ImportConfig;
import dev.provhub.importer.org.ImportSettings;
import dev.provhub.importer.run.ImportRunView;
import dev.provhub.importer.run.ImportRuns;
import dev.provhub.importer.run.RowReport;
import dev.provhub.importer.run.RowReports;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;

/**
 * E-mails an organisation's notification contacts the outcome of a folder import: a summary and, when rows were
 * rejected or skipped, the report as a CSV attachment. Reports are redacted, so a mail never holds a password.
 * Each attempt to hand a mail to the server is bounded ({@code provhub.import.mail.attempt-timeout}): the run worker
 * that sends it is not held by a server that accepts a connection and then never answers.
 */
@ApplicationScoped
public class ImportNotifier {

    private static final Logger LOG = Logger.getLogger(ImportNotifier.class);

    private final ReactiveMailer mailer;
    private final ImportRuns imports;
    private final Duration attemptTimeout;
    private final int attempts;

    @Inject
    ImportNotifier(ReactiveMailer mailer, ImportRuns imports, ImportConfig config) {
        this(mailer, imports, config.mail().attemptTimeout(), config.mail().attempts());
    }

    ImportNotifier(ReactiveMailer mailer, ImportRuns imports, Duration attemptTimeout, int attempts) {
        this.mailer = mailer;
        this.imports = imports;
        this.attemptTimeout = attemptTimeout;
        this.attempts = Math.max(1, attempts);
    }

    public void notify(UUID runId, ImportSettings settings) {
        List<String> to = settings.notificationContacts();
        if (to.isEmpty()) {
            return;
        }
        ImportRunView run = imports.find(runId);
        List<RowReport> reports = run.errors();
        Mail mail = Mail.withText(to.get(0), subject(run), body(run, reports));
        to.subList(1, to.size()).forEach(mail::addTo);
        if (!reports.isEmpty()) {
            mail.addAttachment("import-" + run.id() + "-errors.csv",
                    RowReports.csv(reports).getBytes(StandardCharsets.UTF_8), "text/csv");
        }
        deliver(mail, "the report of import run " + run.id() + " to " + to);
    }

    /**
     * Hands {@code mail} to the SMTP server, each attempt bounded by the attempt timeout.
     *
     * @return whether the server took it; false (logged) after the last attempt, which never fails the caller
     */
    boolean deliver(Mail mail, String what) {
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                mailer.send(mail).await().atMost(attemptTimeout);
                return true;
            } catch (RuntimeException e) {
                if (attempt == attempts) {
                    // the run and its report stay available over REST; a mail server outage must not fail the import
                    LOG.errorf(e, "Could not mail %s (%d attempts)", what, attempts);
                } else {
                    // a pooled connection the server closed fails once, and a server that accepted the connection
                    // may never answer: the next attempt is on another connection
                    LOG.warnf("Mailing %s failed (%s); trying again", what, e.toString());
                }
            }
        }
        return false;
    }

    static String subject(ImportRunView run) {
        String outcome = switch (run.status()) {
            case COMPLETED -> "completed";
            case COMPLETED_WITH_ERRORS -> "completed with " + count(run.counts(), "failed") + " rejected rows";
            case FAILED -> "FAILED";
            default -> run.status().name().toLowerCase();
        };
        return "[provhub] Import of " + run.fileName() + " into " + run.org() + ": " + outcome;
    }

    static String body(ImportRunView run, List<RowReport> reports) {
        var body = new StringBuilder();
        body.append("Organisation: ").append(run.org()).append('\n');
        body.append("File: ").append(run.fileName()).append('\n');
        body.append("Run: ").append(run.id()).append('\n');
        body.append("Status: ").append(run.status()).append('\n');
        if (run.failure() != null) {
            body.append("Reason: ").append(run.failure()).append('\n');
        }
        body.append('\n');
        dev.provhub.importer.rules.ImportCounts.of(run.counts()).asMap()
                .forEach((name, n) -> body.append(String.format("%-16s %d%n", name, n)));
        if (!run.ignoredColumns().isEmpty()) {
            body.append("\nIgnored columns: ").append(String.join(", ", run.ignoredColumns())).append('\n');
        }
        if (!reports.isEmpty()) {
            body.append("\nThe attached CSV lists the ").append(reports.size())
                    .append(" rejected or skipped rows with their line numbers and reasons.\n");
        }
        return body.toString();
    }

    private static long count(Map<String, Long> counts, String name) {
        Long n = counts.get(name);
        return n == null ? 0 : n;
    }
}
