package dev.provhub.importer.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of import-service ({@code provhub.import.*}); every key is listed in application.properties.
 * Organisations' own import settings live with the organisations (REST or the organisations file).
 */
@ConfigMapping(prefix = "provhub.import")
public interface ImportConfig {

    /** A JSON file of organisations applied at start-up (declarative configuration); none when unset. */
    Optional<String> organisationsFile();

    /**
     * A folder on this process's disk for a run's working copy of its file (uploads and unpacked zips pass through
     * it too); the system's temporary folder when unset. Queued files wait in the database, not here.
     */
    Optional<String> spoolDir();

    /** The largest file an upload may send. */
    @WithDefault("2147483648")
    long maxFileBytes();

    /**
     * How long one batch's transaction may take: a batch of new users with passwords takes as long as its hashes
     * (1,000 x 600,000 PBKDF2 rounds is over a minute on two cores).
     */
    @WithDefault("PT30M")
    Duration batchTimeout();

    Password password();

    Folder folder();

    BackupPurge backupPurge();

    LimboPurge limboPurge();

    Mail mail();

    interface Password {
        /** PBKDF2-HMAC-SHA256 rounds; OWASP (2023) recommends 600,000. */
        @WithDefault("600000")
        int iterations();
    }

    /** The background import from each organisation's watched folder. */
    interface Folder {
        /** When the folders are polled (Quartz cron, once across replicas, never overlapping). */
        @WithDefault("0/30 * * * * ?")
        String cron();

        /** A file must be this old before it is taken, so one still being written is left alone. */
        @WithDefault("10s")
        Duration settleTime();

        /** Folder imports may update existing users. */
        @WithDefault("true")
        boolean update();

        /** Folder imports may reactivate deactivated users. */
        @WithDefault("true")
        boolean reactivate();
    }

    interface BackupPurge {
        /** When backups older than each organisation's retention are deleted. */
        @WithDefault("0 15 3 * * ?")
        String cron();
    }

    interface LimboPurge {
        /** When users whose time in limbo is over are deleted. */
        @WithDefault("0 30 2 * * ?")
        String cron();
    }

    /** The reports of folder imports, mailed to the organisation's notification contacts. */
    interface Mail {
        /**
         * How long one attempt to hand a report to the SMTP server may take: a server that accepts the connection
         * and then stays silent must not hold the run worker that sends it.
         */
        @WithDefault("20s")
        Duration attemptTimeout();

        /** Attempts per report before it is given up (logged; the report stays available over REST). */
        @WithDefault("3")
        int attempts();
    }
}
