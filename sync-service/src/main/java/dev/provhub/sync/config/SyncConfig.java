package dev.provhub.sync.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of sync-service ({@code provhub.sync.*}); every key is listed in application.properties. */
@ConfigMapping(prefix = "provhub.sync")
public interface SyncConfig {

    /** The group every synced user joins unless a run says {@code --skip-default-group}; made when missing. */
    @WithDefault("Default Group")
    String defaultGroup();

    /** Users decided and written per transaction. */
    @WithDefault("500")
    int chunkSize();

    Graph graph();

    Removals removals();

    /**
     * Named sync profiles for unattended runs: {@code provhub.sync.profiles.<name>.options} (the command's flags) and
     * {@code .cron}.
     */
    Map<String, Profile> profiles();

    /** Microsoft Graph and the identity platform: where they are and the app registration that signs in. */
    interface Graph {
        /** Graph's base URL (national clouds: {@code https://graph.microsoft.us/v1.0}, ...). */
        @WithDefault("https://graph.microsoft.com/v1.0")
        String url();

        /** The scope tokens are asked for: Graph's {@code /.default} (national clouds have their own host). */
        @WithDefault("https://graph.microsoft.com/.default")
        String scope();

        /** The identity platform that issues tokens. */
        @WithDefault("https://login.microsoftonline.com")
        String authorityHost();

        /**
         * Skip MSAL's instance discovery, which asks login.microsoftonline.com about the authority host: needed for
         * an authority other than Microsoft's (the simulator).
         */
        @WithDefault("false")
        boolean disableInstanceDiscovery();

        /** The directory (tenant) id or domain; the command's {@code --tenant} and O365_USERSYNC_TENANT win. */
        Optional<String> tenantId();

        /** The application (client) id; {@code --client-id} and O365_USERSYNC_CLIENT_ID win. */
        Optional<String> clientId();

        /** The client secret (from a Secret); {@code --client-secret} and O365_USERSYNC_CLIENT_SECRET win. */
        Optional<String> clientSecret();

        /** A PKCS#12 (.pfx/.p12) or PEM file with the certificate and key registered on the app, instead of a secret. */
        Optional<String> clientCertificate();

        /** The password of a PKCS#12 client certificate. */
        Optional<String> clientCertificatePassword();

        /** A PKCS#12 trust store for Graph's and the identity platform's TLS certificates; the JVM's when absent. */
        Optional<String> trustStore();

        Optional<String> trustStorePassword();

        /**
         * An HTTPS proxy ({@code http://host:port}), as the seed's {@code --proxy-server-https-address}; when absent
         * the standard {@code https.proxyHost} / {@code https.proxyPort} system properties or the HTTPS_PROXY
         * variable are used.
         */
        Optional<String> proxy();

        /** Graph requests in flight at once from one run. */
        @WithDefault("4")
        int maxConcurrency();

        /**
         * Retries of a throttled (429) or unavailable (503, 504) request, each after its Retry-After (max 10), and of
         * a read whose connection broke before its answer.
         */
        @WithDefault("10")
        int maxRetries();

        /** Connect and read timeout of one Graph request. */
        @WithDefault("60s")
        Duration timeout();

        /** Readiness asks the identity platform for a token when credentials are configured. */
        @WithDefault("true")
        boolean healthCheck();
    }

    /** The safety threshold against runs that would empty the application's groups (a mistyped filter). */
    interface Removals {
        /** A run that would remove more than this share of a group's members is refused unless forced. */
        @WithDefault("20")
        double thresholdPercent();

        /** Groups with fewer members than this are not protected by the threshold. */
        @WithDefault("10")
        int thresholdMinMembers();
    }

    /** A sync profile: the command's options and when to run them. */
    interface Profile {
        /**
         * The options, exactly as the command takes them after {@code provision}, e.g.
         * {@code --auto-create all --process-child-groups "O365 Staff"}; credentials come from
         * {@code provhub.sync.graph.*}, never from here.
         */
        String options();

        /** When it runs (Quartz cron, once across replicas); {@code off} or absent: only when asked. */
        Optional<String> cron();
    }
}
