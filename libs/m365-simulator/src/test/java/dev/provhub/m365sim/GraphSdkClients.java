package dev.provhub.m365sim;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.authentication.AzureIdentityAuthenticationProvider;

import dev.provhub.graphsignin.CachingTokenCredential;
import dev.provhub.m365sim.tenant.TenantFixtureBuilder.ApplicationFixture;
import io.netty.handler.ssl.SslContextBuilder;
import okhttp3.OkHttpClient;

/**
 * The Microsoft Graph SDK v6 and azure-identity configured as a service would configure them for a real tenant,
 * except for three documented settings: the authority host, the Graph base URL and the allowed host, plus the
 * simulator's trust store for TLS. Instance discovery is disabled, as MSAL would otherwise ask
 * login.microsoftonline.com about the unknown authority host.
 */
final class GraphSdkClients {

    private GraphSdkClients() {
    }

    static GraphServiceClient withSecret(M365Simulator simulator, ApplicationFixture application) {
        return client(simulator, secretCredential(simulator, application));
    }

    static GraphServiceClient withCertificate(M365Simulator simulator, ApplicationFixture application, Path pfx) {
        TokenCredential credential = certificateCredential(simulator, application, pfx);
        return client(simulator, credential);
    }

    /** azure-identity alone, as the services build it before they keep its tokens. */
    static TokenCredential secretCredential(M365Simulator simulator, ApplicationFixture application) {
        return new ClientSecretCredentialBuilder().authorityHost(simulator.baseUrl()).tenantId(simulator.tenantId())
                .clientId(application.appId()).clientSecret(application.secret()).disableInstanceDiscovery()
                .httpClient(azureHttpClient(simulator)).build();
    }

    static TokenCredential certificateCredential(M365Simulator simulator, ApplicationFixture application, Path pfx) {
        return new ClientCertificateCredentialBuilder().authorityHost(simulator.baseUrl())
                .tenantId(simulator.tenantId()).clientId(application.appId())
                .pfxCertificate(pfx.toString()).clientCertificatePassword(M365Simulator.STORE_PASSWORD)
                .disableInstanceDiscovery().httpClient(azureHttpClient(simulator)).build();
    }

    /** As the services do: the credential's tokens are kept, as MSAL cannot find them for an authority with a port. */
    static GraphServiceClient client(M365Simulator simulator, TokenCredential credential) {
        var authentication = new AzureIdentityAuthenticationProvider(
                CachingTokenCredential.forAuthorityHost(credential, simulator.baseUrl()), new String[] { "localhost" },
                "https://graph.microsoft.com/.default");
        X509TrustManager trustManager = trustManager(simulator.trustStore());
        OkHttpClient http = GraphClientFactory.create().sslSocketFactory(sslContext(trustManager).getSocketFactory(),
                trustManager).build();
        var client = new GraphServiceClient(authentication, http);
        client.getRequestAdapter().setBaseUrl(simulator.graphUrl());
        return client;
    }

    static HttpClient azureHttpClient(M365Simulator simulator) {
        try {
            var tls = SslContextBuilder.forClient().trustManager(trustManager(simulator.trustStore())).build();
            return new NettyAsyncHttpClientBuilder(
                    reactor.netty.http.client.HttpClient.create().secure(spec -> spec.sslContext(tls))).build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509TrustManager trustManager(KeyStore trustStore) {
        try {
            var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trustStore);
            return (X509TrustManager) factory.getTrustManagers()[0];
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static SSLContext sslContext(X509TrustManager trustManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] { trustManager }, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
