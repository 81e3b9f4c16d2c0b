package dev.provhub.scim.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of scim-service ({@code provhub.scim.*}); every key is listed in application.properties. */
@ConfigMapping(prefix = "provhub.scim")
public interface ScimConfig {

    /** The largest mapping file accepted, in bytes (a hostile file could be gigabytes). */
    @WithDefault("1048576")
    long mappingMaxBytes();

    /** The delimiter of CSV files. */
    @WithDefault(",")
    char csvDelimiter();

    /** A folder whose CSV files REST requests may name by path (none: only uploads). */
    Optional<String> inputDir();

    /** How often due jobs are moved on: a quota reset, a back-off that ended, a log poll (Quartz cron; off disables). */
    @WithDefault("0/30 * * * * ?")
    String resumeCron();

    Target target();

    Sending sending();

    Logs logs();

    Events events();

    /** Where requests go and how the service signs in (Microsoft Entra: an app registration). */
    interface Target {

        /** Microsoft Graph's base URL; bulkUpload is the same in v1.0 and beta. */
        @WithDefault("https://graph.microsoft.com/v1.0")
        String graphUrl();

        /** The identity platform's host that tokens come from. */
        @WithDefault("https://login.microsoftonline.com")
        String authorityHost();

        /** The tenant (id or default domain). */
        Optional<String> tenantId();

        /** The app registration that sends (its application (client) id). */
        Optional<String> clientId();

        /** A client secret of that app; prefer a certificate. A secret: never logged. */
        Optional<String> clientSecret();

        /** A certificate of that app with its private key: a PKCS#12 (.pfx/.p12) or PEM file. */
        Optional<String> clientCertificate();

        /** The password of a PKCS#12 certificate file. A secret: never logged. */
        Optional<String> clientCertificatePassword();

        /** Sign in with the Azure managed identity of the pod (client id: {@code client-id}, if user-assigned). */
        @WithDefault("false")
        boolean managedIdentity();

        /** A PKCS#12 trust store for the TLS of Graph and the identity platform (tests and the local simulator). */
        Optional<String> trustStore();

        Optional<String> trustStorePassword();

        /** The provisioning app's service principal: its object id or its appId. */
        Optional<String> servicePrincipalId();

        /** The provisioning job, when the service principal has several. */
        Optional<String> jobId();
    }

    /** Pacing at Microsoft's documented limits of bulkUpload, so that a correct run sees no 429. */
    interface Sending {

        /** Calls allowed in any {@code window} (40 in 5 seconds, per tenant). */
        @WithDefault("40")
        int callsPerWindow();

        @WithDefault("5s")
        Duration window();

        /** The tenant's daily quota of calls (2,000 with Entra ID P1/P2, 6,000 with Entra ID Governance). */
        @WithDefault("2000")
        int dailyQuota();

        /** Added to the window before a slot counts as free, for the difference between our clock and Microsoft's. */
        @WithDefault("50ms")
        Duration margin();

        /** The shortest back-off after a 500 "bucket is full" (Microsoft: 5 to 10 minutes). */
        @WithDefault("5m")
        Duration bucketFullBackoffMin();

        /** The longest back-off after a 500 "bucket is full". */
        @WithDefault("10m")
        Duration bucketFullBackoffMax();

        /** A 429's Retry-After up to this is waited out in the run; a longer one leaves the job waiting. */
        @WithDefault("60s")
        Duration maxInlineWait();

        /** How long one bulkUpload call may take before its outcome counts as unknown. */
        @WithDefault("60s")
        Duration requestTimeout();
    }

    /** The provisioning logs, read after sending. */
    interface Logs {

        /** How often the logs of a job are read until every record has an outcome. */
        @WithDefault("5m")
        Duration pollInterval();

        /** After this long without a log entry a record is reported as "no outcome in the logs". */
        @WithDefault("2h")
        Duration giveUpAfter();

        /** How often a record that failed in the logs is sent in all (the first time included). */
        @WithDefault("3")
        int maxAttempts();

        /**
         * How long after a call whose answer never came its records are looked for in the logs before the request is
         * taken as not received and sent again (Entra writes logs 5 to 10 minutes after a call).
         */
        @WithDefault("20m")
        Duration reconcileAfter();
    }

    /** user-change events as a source. */
    interface Events {

        /** Send users from user-change events. */
        @WithDefault("false")
        boolean enabled();

        /** Only users owned by these services are sent. */
        @WithDefault("import-service")
        List<String> origins();

        /** The mapping file of events (psd1, JSON or YAML; the columns are the event's fields); a built-in one if unset. */
        Optional<String> mapping();

        /** -ScimSchemaNamespace for events: every event field as a string under this URN. */
        Optional<String> namespace();

        /** The most records per request (at most 50). */
        @WithDefault("50")
        int batchSize();

        /** Changes wait at most this long for a full request. */
        @WithDefault("30s")
        Duration flushInterval();

        /** How often pending changes are looked at (once across replicas). */
        @WithDefault("5s")
        Duration flushCheck();
    }
}
