package dev.provhub.exporter.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of export-service ({@code provhub.export.*}); every key is listed in application.properties. */
@ConfigMapping(prefix = "provhub.export")
public interface ExportConfig {

    /**
     * A folder on this process's disk where a run writes its files before they are stored in the database and
     * uploaded; the system's temporary folder when unset. Files are served and kept from the database.
     */
    Optional<String> scratchDir();

    /** How long the files of each run are kept (in the database, for download) before a daily job deletes them. */
    @WithDefault("P30D")
    Duration fileRetention();

    /** When the daily job deletes files older than the retention (Quartz cron; {@code off} disables it). */
    @WithDefault("0 30 3 * * ?")
    String retentionCron();

    /** Only users owned by these services are exported (loops are impossible by construction). */
    @WithDefault("import-service")
    List<String> origins();

    /** When the daily export runs (Quartz cron; {@code off} disables it). */
    @WithDefault("0 0 3 * * ?")
    String cron();

    /** Time zone of the file names' timestamps. */
    @WithDefault("Europe/Helsinki")
    String zone();

    /**
     * Upload all three files of every run, empty ones too, as the original scripts did (receivers may expect
     * them daily); false uploads only files with rows.
     */
    @WithDefault("true")
    boolean uploadEmptyFiles();

    Columns columns();

    Ftps ftps();

    /**
     * Which user-event field fills each column: a comma-separated list of event fields or
     * {@code attributes.<name>}; text columns take the first that has a value, flag columns are 1 when any is true
     * ({@code !field} negates).
     */
    interface Columns {
        @WithDefault("employeeNumber,sourceKey")
        List<String> membernumber();

        @WithDefault("upn")
        List<String> upn();

        @WithDefault("givenName")
        List<String> firstname();

        @WithDefault("familyName")
        List<String> lastname();

        @WithDefault("email")
        List<String> email();

        @WithDefault("postalCode")
        List<String> postalcode();

        @WithDefault("suspended,!active")
        List<String> isSuspended();

        @WithDefault("o365Suspended")
        List<String> isO365Suspended();
    }

    /** The Office 365 provisioning FTPS server (the seed's ftps-url and ftps-user), from a Secret. */
    interface Ftps {
        /** {@code ftps://host[:port][/dir]}; without it runs write files but cannot upload. */
        Optional<String> url();

        Optional<String> user();

        Optional<String> password();

        /** TLS from the first byte (port 990) instead of AUTH TLS. */
        @WithDefault("false")
        boolean implicitTls();

        /** PKCS#12 trust store for the server's certificate; the JVM's trust store when absent. */
        Optional<String> trustStore();

        Optional<String> trustStorePassword();

        /**
         * The connect timeout, and an idle timeout: how long the server may send no reply and take no data before
         * the upload fails. A slow transfer that keeps making progress is never cut off.
         */
        @WithDefault("30s")
        Duration timeout();

        /**
         * How often a run tries again to upload the files the server did not take, each file under the run's own
         * name, before it fails (and the next run sends the rows again under new names); 0 fails at once.
         */
        @WithDefault("3")
        int retries();

        /** The wait before the first retry; it doubles before each further one (30 s, 1 min, 2 min). */
        @WithDefault("30s")
        Duration retryBackoff();
    }
}
