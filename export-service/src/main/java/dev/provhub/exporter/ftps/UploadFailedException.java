package dev.provhub.exporter.ftps;

import java.util.List;
import java.util.Optional;

/**
 * An export run could not deliver its files to the FTPS server. Says at which {@link Step} it failed, for which
 * file, what the server replied, and which files had already been delivered. The message never contains the
 * account's password.
 */
public class UploadFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Where in the session the upload failed. */
    public enum Step {
        READ_LOCAL_FILE("reading the local file"),
        CONNECT("connect"),
        TLS_HANDSHAKE("TLS handshake"),
        LOGIN("login"),
        DATA_PROTECTION("data channel protection (PBSZ/PROT)"),
        CHANGE_DIRECTORY("change directory"),
        TRANSFER("transfer"),
        SIZE_CHECK("size check"),
        RENAME("rename");

        private final String label;

        Step(String label) {
            this.label = label;
        }

        /** How the step reads in a message, e.g. {@code TLS handshake}. */
        public String label() {
            return label;
        }
    }

    private final Step step;
    private final String server;
    private final String fileName;
    private final int replyCode;
    private final String replyText;
    private final transient List<UploadedFile> uploaded;

    /**
     * @param server the target URL, without credentials
     * @param fileName the file being uploaded, or {@code null} when the session failed before any file
     * @param detail what went wrong, in words
     * @param replyCode the server's reply code, or 0 when there was no reply
     * @param replyText the server's reply text, or {@code null}
     * @param uploaded the files delivered before the failure
     */
    public UploadFailedException(Step step, String server, String fileName, String detail, int replyCode,
            String replyText, List<UploadedFile> uploaded, Throwable cause) {
        super(message(step, server, fileName, detail, replyCode, replyText), cause);
        this.step = step;
        this.server = server;
        this.fileName = fileName;
        this.replyCode = replyCode;
        this.replyText = replyText;
        this.uploaded = List.copyOf(uploaded);
    }

    public Step step() {
        return step;
    }

    public String server() {
        return server;
    }

    /** The file whose upload failed; empty when the session failed before the first file. */
    public Optional<String> fileName() {
        return Optional.ofNullable(fileName);
    }

    /** The FTP reply code of the failed command, or 0 when the server did not reply. */
    public int replyCode() {
        return replyCode;
    }

    public Optional<String> replyText() {
        return Optional.ofNullable(replyText);
    }

    /** The files that reached the server, verified, before the failure. */
    public List<UploadedFile> uploaded() {
        return uploaded == null ? List.of() : uploaded;
    }

    private static String message(Step step, String server, String fileName, String detail, int replyCode,
            String replyText) {
        var message = new StringBuilder("FTPS upload");
        if (fileName != null) {
            message.append(" of ").append(fileName);
        }
        message.append(" to ").append(server).append(" failed at ").append(step.label()).append(": ").append(detail);
        if (replyCode > 0) {
            message.append(" (server replied ").append(replyCode);
            if (replyText != null && !replyText.isBlank()) {
                message.append(' ').append(replyText.strip());
            }
            message.append(')');
        }
        return message.toString();
    }
}
