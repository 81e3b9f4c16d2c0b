package dev.provhub.scim.sending;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.authentication.AzureIdentityAuthenticationProvider;

import dev.provhub.graphsignin.CachingTokenCredential;
import io.netty.handler.ssl.SslContextBuilder;
import okhttp3.OkHttpClient;

/**
 * The Microsoft Graph SDK v6 with azure-identity, as for any tenant: a client secret, a certificate (PKCS#12 or PEM)
 * or the managed identity. A trust store and another authority and Graph host are only for the simulator; for an
 * authority host with a port (the simulator's) the tokens are kept here, as MSAL's cache never finds them there.
 */
public final class GraphClients {

    private static final String SCOPE = "https://graph.microsoft.com/.default";

    private GraphClients() {
    }

    /**
     * @param clock the time the kept tokens' lifetimes are counted on (the service's clock)
     * @throws TargetNotConfiguredException when the settings name no credential
     */
    public static GraphServiceClient create(TargetSettings settings, Supplier<Instant> clock) {
        TokenCredential credential = CachingTokenCredential.forAuthorityHost(credential(settings),
                settings.managedIdentity() ? null : settings.authorityHost(), clock);
        X509TrustManager trustManager = trustManager(settings);
        // never let the HTTP client repeat a POST on its own after a broken connection: whether a bulk request
        // arrived is decided with the provisioning logs, so that none is sent twice
        OkHttpClient.Builder http = GraphClientFactory.create().retryOnConnectionFailure(false);
        if (trustManager != null) {
            http.sslSocketFactory(sslContext(trustManager).getSocketFactory(), trustManager);
        }
        String host = java.net.URI.create(settings.graphUrl()).getHost();
        var authentication = new AzureIdentityAuthenticationProvider(credential, new String[] { host }, SCOPE);
        var client = new GraphServiceClient(authentication, http.build());
        client.getRequestAdapter().setBaseUrl(settings.graphUrl());
        return client;
    }

    static TokenCredential credential(TargetSettings settings) {
        HttpClient http = azureHttpClient(settings);
        if (settings.managedIdentity()) {
            var builder = new ManagedIdentityCredentialBuilder();
            if (settings.clientId() != null) {
                builder.clientId(settings.clientId());
            }
            return builder.build();
        }
        if (settings.tenantId() == null || settings.clientId() == null) {
            throw new TargetNotConfiguredException("the tenant and client id are not set (provhub.scim.target."
                    + "tenant-id and .client-id, or -TenantId and -ClientId)");
        }
        if (settings.clientCertificate() != null) {
            var builder = new ClientCertificateCredentialBuilder().authorityHost(settings.authorityHost())
                    .tenantId(settings.tenantId()).clientId(settings.clientId());
            String file = settings.clientCertificate();
            String lower = file.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".pem") || lower.endsWith(".crt")) {
                builder.pemCertificate(file);
            } else {
                builder.pfxCertificate(file).clientCertificatePassword(settings.clientCertificatePassword());
            }
            if (!settings.authorityHost().contains("login.microsoftonline.com")) {
                builder.disableInstanceDiscovery();
            }
            if (http != null) {
                builder.httpClient(http);
            }
            return builder.build();
        }
        if (settings.clientSecret() != null) {
            var builder = new ClientSecretCredentialBuilder().authorityHost(settings.authorityHost())
                    .tenantId(settings.tenantId()).clientId(settings.clientId()).clientSecret(settings.clientSecret());
            if (!settings.authorityHost().contains("login.microsoftonline.com")) {
                builder.disableInstanceDiscovery();
            }
            if (http != null) {
                builder.httpClient(http);
            }
            return builder.build();
        }
        throw new TargetNotConfiguredException("no credential: set a client certificate, a client secret or the "
                + "managed identity (provhub.scim.target.*)");
    }

    private static HttpClient azureHttpClient(TargetSettings settings) {
        X509TrustManager trustManager = trustManager(settings);
        if (trustManager == null) {
            return null;
        }
        try {
            var tls = SslContextBuilder.forClient().trustManager(trustManager).build();
            return new NettyAsyncHttpClientBuilder(
                    reactor.netty.http.client.HttpClient.create().secure(spec -> spec.sslContext(tls))).build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509TrustManager trustManager(TargetSettings settings) {
        if (settings.trustStore() == null || settings.trustStore().isBlank()) {
            return null;
        }
        try (InputStream in = Files.newInputStream(Path.of(settings.trustStore()))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, settings.trustStorePassword() == null ? null : settings.trustStorePassword().toCharArray());
            var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return (X509TrustManager) factory.getTrustManagers()[0];
        } catch (IOException | GeneralSecurityException e) {
            throw new TargetNotConfiguredException("the trust store " + settings.trustStore() + " cannot be read: "
                    + e.getMessage());
        }
    }

    private static SSLContext sslContext(X509TrustManager trustManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] { trustManager }, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
