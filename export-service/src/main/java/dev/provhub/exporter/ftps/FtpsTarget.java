package dev.provhub.exporter.ftps;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the daily member CSV files go: the Office 365 provisioning FTPS server, the folder on it, the account and
 * how its certificate is trusted. Built from configuration with {@link #parse(String, boolean, String, String)}.
 * Neither {@link #toString()} nor any parsing error ever shows a password.
 *
 * @param host server host name, verified against its certificate
 * @param port control port
 * @param directory upload folder; empty for the login folder, relative to it unless it starts with {@code /}
 * @param implicitTls TLS from the first byte (port 990 style) instead of {@code AUTH TLS} on a plain connection
 * @param user account name
 * @param password account password
 * @param trustStore PKCS#12 file with the certificates to trust instead of the JVM's trust store, or {@code null}
 * @param trustStorePassword password of {@code trustStore}, or {@code null}
 * @param connectTimeout how long to wait for the control and data connections to open
 * @param readTimeout the idle timeout: how long the server may send no reply and take or send no data before the
 *        session fails; a transfer that keeps making progress may take longer (see {@link FtpsUploader})
 */
public record FtpsTarget(String host, int port, String directory, boolean implicitTls, String user, String password,
        Path trustStore, String trustStorePassword, Duration connectTimeout, Duration readTimeout) {

    /** Default control port for explicit TLS ({@code AUTH TLS}). */
    public static final int EXPLICIT_TLS_PORT = 21;
    /** Default control port for implicit TLS. */
    public static final int IMPLICIT_TLS_PORT = 990;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    private static final String HIDDEN = "****";

    public FtpsTarget {
        requireText(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("FTPS port must be between 1 and 65535, not " + port);
        }
        Objects.requireNonNull(directory, "directory");
        requireText(user, "user");
        Objects.requireNonNull(password, "password");
        if (trustStore == null && trustStorePassword != null) {
            throw new IllegalArgumentException("an FTPS trust store password is set but no trust store file");
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
    }

    /**
     * Reads {@code ftps://host[:port][/dir]}: port 21 by default, 990 with implicit TLS; the path is the upload
     * folder relative to the login folder, {@code %2F} at its start makes it absolute
     * ({@code ftps://host/%2Fsrv/in} is {@code /srv/in}), as in RFC 1738. The JVM's trust store and default
     * timeouts apply until {@link #withTrustStore} and {@link #withTimeouts} say otherwise.
     *
     * @throws IllegalArgumentException if the URL is not an {@code ftps://} URL, carries credentials, a query or a
     *         fragment; the message shows the URL without credentials
     */
    public static FtpsTarget parse(String url, boolean implicitTls, String user, String password) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the FTPS URL is missing");
        }
        String shown = withoutCredentials(url.strip());
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            // not chained: the parser's message quotes the URL as written, credentials included
            throw new IllegalArgumentException("not a valid FTPS URL: " + shown + " (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("ftp")) {
            throw new IllegalArgumentException("plain FTP is not allowed; use ftps:// (" + shown + ")");
        }
        if (!scheme.equals("ftps")) {
            throw new IllegalArgumentException("not an FTPS URL: " + shown + "; use ftps://host[:port][/dir]");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("credentials do not belong in the FTPS URL " + shown
                    + "; configure the user and password separately");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("an FTPS URL has no query or fragment: " + shown);
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the FTPS URL has no host: " + shown);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() != -1 ? uri.getPort() : implicitTls ? IMPLICIT_TLS_PORT : EXPLICIT_TLS_PORT;
        return new FtpsTarget(host, port, directoryOf(uri), implicitTls, user, password, null, null,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    /** The same target, trusting only the certificates in a PKCS#12 file instead of the JVM's trust store. */
    public FtpsTarget withTrustStore(Path file, String filePassword) {
        Objects.requireNonNull(file, "file");
        return new FtpsTarget(host, port, directory, implicitTls, user, password, file, filePassword, connectTimeout,
                readTimeout);
    }

    /**
     * The same target with other timeouts.
     *
     * @param connect how long to wait for a connection to open
     * @param read the idle timeout: how long the server may send no reply and take or send no data
     */
    public FtpsTarget withTimeouts(Duration connect, Duration read) {
        return new FtpsTarget(host, port, directory, implicitTls, user, password, trustStore, trustStorePassword,
                connect, read);
    }

    /** {@code ftps://host:port/dir}, without credentials: safe for logs and messages. */
    public String url() {
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        String path = directory.isEmpty() ? "/"
                : directory.startsWith("/") ? "/%2F" + directory.substring(1)
                        : "/" + directory;
        return "ftps://" + shownHost + ":" + port + path;
    }

    @Override
    public String toString() {
        return "FtpsTarget[url=" + url() + ", implicitTls=" + implicitTls + ", user=" + user + ", password="
                + HIDDEN + ", trustStore=" + (trustStore == null ? "JVM default" : trustStore)
                + (trustStorePassword == null ? "" : ", trustStorePassword=" + HIDDEN) + ", connectTimeout="
                + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }

    private static String directoryOf(URI uri) {
        String raw = uri.getRawPath() == null ? "" : uri.getRawPath();
        String decoded = uri.getPath() == null ? "" : uri.getPath();
        String directory;
        if (raw.regionMatches(true, 0, "/%2F", 0, 4)) {
            // "/%2Fsrv/in" decodes to "//srv/in": keep one slash, the absolute path
            directory = decoded.substring(1);
        } else {
            directory = decoded.startsWith("/") ? decoded.substring(1) : decoded;
        }
        while (directory.length() > 1 && directory.endsWith("/")) {
            directory = directory.substring(0, directory.length() - 1);
        }
        return directory;
    }

    /**
     * The URL as written, with everything between {@code ://} and the last {@code @} hidden: a password may itself
     * contain {@code /} or {@code @}, so hiding too much is the safe side.
     */
    private static String withoutCredentials(String url) {
        int start = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (start < 0 || at < start) {
            return url;
        }
        return url.substring(0, start + 3) + HIDDEN + url.substring(at);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("FTPS " + name + " is missing");
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("FTPS " + name + " must be positive, not " + value);
        }
    }
}
