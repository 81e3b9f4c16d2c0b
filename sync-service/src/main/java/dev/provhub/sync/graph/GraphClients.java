package dev.provhub.sync.graph;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import jakarta.enterprise.context.ApplicationScoped;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.ProxyOptions;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestOption;
import com.microsoft.kiota.authentication.AzureIdentityAuthenticationProvider;
import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;

import dev.provhub.graphsignin.CachingTokenCredential;
import dev.provhub.sync.config.SyncConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.SslContextBuilder;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * Builds the Graph SDK v6 client and the azure-identity credential a run signs in with, as for any tenant:
 * the authority host, Graph's base URL and its host as the only host tokens are sent to, an optional trust store
 * and HTTPS proxy. The SDK's retry handler honours {@code Retry-After} on 429, 503 and 504.
 */
@ApplicationScoped
public class GraphClients {

    private final SyncConfig.Graph config;
    private final MeterRegistry registry;

    GraphClients(SyncConfig config, MeterRegistry registry) {
        this.config = config.graph();
        this.registry = registry;
    }

    /** The credentials of the configuration ({@code provhub.sync.graph.*}). */
    public GraphCredentials configured() {
        return new GraphCredentials(config.tenantId().orElse(null), config.clientId().orElse(null),
                config.clientSecret().orElse(null), config.clientCertificate().orElse(null),
                config.clientCertificatePassword().orElse(null));
    }

    /** A session for one run; {@code proxy} (the seed's --proxy-server-https-address) wins over the configuration. */
    public GraphSession open(GraphCredentials credentials, String proxy) {
        TokenCredential credential = credential(credentials, proxy);
        String host = URI.create(config.url()).getHost();
        var authentication = new AzureIdentityAuthenticationProvider(credential, new String[] { host },
                config.scope());
        var requests = new AtomicInteger();
        var throttled = new AtomicInteger();
        var retry = new RetryHandlerOption(RetryHandlerOption.DEFAULT_SHOULD_RETRY,
                Math.min(RetryHandlerOption.MAX_RETRIES, Math.max(0, config.maxRetries())),
                RetryHandlerOption.DEFAULT_DELAY);
        List<Interceptor> interceptors = new ArrayList<>();
        interceptors.add(GraphTraffic.limit(config.maxConcurrency()));
        interceptors.add(GraphTraffic.readAgainAfterBrokenConnections(Math.max(0, config.maxRetries()), registry));
        interceptors.addAll(List.of(GraphClientFactory.createDefaultGraphInterceptors(new RequestOption[] { retry })));
        interceptors.add(GraphTraffic.count(registry, requests, throttled));
        OkHttpClient.Builder builder = GraphClientFactory.create(interceptors)
                .connectTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        trustManager().ifPresent(trust -> builder.sslSocketFactory(sslContext(trust).getSocketFactory(), trust));
        proxyAddress(proxy).ifPresent(address -> builder.proxy(new Proxy(Proxy.Type.HTTP, address)));
        OkHttpClient http = builder.build();
        var client = new GraphServiceClient(authentication, http);
        client.getRequestAdapter().setBaseUrl(config.url());
        return new GraphSession(client, http, requests, throttled);
    }

    /**
     * The azure-identity credential for these credentials: a client secret or a certificate. For an authority host
     * with a port (the simulator's) its tokens are kept here, as MSAL's cache never finds them there.
     */
    public TokenCredential credential(GraphCredentials credentials, String proxy) {
        credentials.missing().ifPresent(missing -> {
            throw new GraphSignInException("No Graph credentials: " + missing + " is missing");
        });
        HttpClient http = azureHttpClient(proxy);
        if (credentials.usesCertificate()) {
            var builder = new ClientCertificateCredentialBuilder().authorityHost(config.authorityHost())
                    .tenantId(credentials.tenantId()).clientId(credentials.clientId()).httpClient(http);
            String file = credentials.certificate();
            if (file.toLowerCase(Locale.ROOT).endsWith(".pem")) {
                builder.pemCertificate(file);
            } else {
                builder.pfxCertificate(file).clientCertificatePassword(credentials.certificatePassword());
            }
            if (config.disableInstanceDiscovery()) {
                builder.disableInstanceDiscovery();
            }
            return CachingTokenCredential.forAuthorityHost(builder.build(), config.authorityHost());
        }
        var builder = new ClientSecretCredentialBuilder().authorityHost(config.authorityHost())
                .tenantId(credentials.tenantId()).clientId(credentials.clientId())
                .clientSecret(credentials.secret()).httpClient(http);
        if (config.disableInstanceDiscovery()) {
            builder.disableInstanceDiscovery();
        }
        return CachingTokenCredential.forAuthorityHost(builder.build(), config.authorityHost());
    }

    public String scope() {
        return config.scope();
    }

    private HttpClient azureHttpClient(String proxy) {
        reactor.netty.http.client.HttpClient netty = reactor.netty.http.client.HttpClient.create();
        Optional<X509TrustManager> trust = trustManager();
        if (trust.isPresent()) {
            try {
                var tls = SslContextBuilder.forClient().trustManager(trust.get()).build();
                netty = netty.secure(spec -> spec.sslContext(tls));
            } catch (javax.net.ssl.SSLException e) {
                throw new IllegalStateException("could not set up TLS for the identity platform", e);
            }
        }
        var builder = new NettyAsyncHttpClientBuilder(netty);
        proxyAddress(proxy).ifPresent(address -> builder.proxy(new ProxyOptions(ProxyOptions.Type.HTTP, address)));
        return builder.build();
    }

    /**
     * The HTTPS proxy: the run's, else the configuration's, else HTTPS_PROXY; without any, OkHttp follows the JVM's
     * proxy selector ({@code https.proxyHost}).
     */
    Optional<InetSocketAddress> proxyAddress(String proxy) {
        String chosen = proxy != null && !proxy.isBlank() ? proxy
                : config.proxy().filter(p -> !p.isBlank()).orElseGet(() -> {
                    String env = System.getenv("HTTPS_PROXY");
                    return env != null ? env : System.getenv("https_proxy");
                });
        if (chosen == null || chosen.isBlank()) {
            return Optional.empty();
        }
        URI uri = URI.create(chosen.contains("://") ? chosen : "http://" + chosen);
        int port = uri.getPort() > 0 ? uri.getPort() : 3128;
        return Optional.of(InetSocketAddress.createUnresolved(uri.getHost(), port));
    }

    private Optional<X509TrustManager> trustManager() {
        if (config.trustStore().isEmpty() || config.trustStore().get().isBlank()) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(Path.of(config.trustStore().get()))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, config.trustStorePassword().orElse("").toCharArray());
            var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return Optional.of(x509);
                }
            }
            throw new IllegalStateException("no X.509 trust manager for " + config.trustStore().get());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not read the trust store " + config.trustStore().get(), e);
        }
    }

    private static SSLContext sslContext(X509TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] { trust }, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
