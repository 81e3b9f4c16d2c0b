package dev.provhub.sync.graph;

import java.util.concurrent.atomic.AtomicInteger;

import com.microsoft.graph.serviceclient.GraphServiceClient;

import okhttp3.OkHttpClient;

/**
 * One run's connection to Microsoft Graph: the SDK client (signed in as the app, with the retry handler that
 * honours {@code Retry-After} and the concurrency cap) and the number of HTTP requests it sent.
 */
public final class GraphSession implements AutoCloseable {

    private final GraphServiceClient client;
    private final OkHttpClient http;
    private final AtomicInteger requests;
    private final AtomicInteger throttled;

    GraphSession(GraphServiceClient client, OkHttpClient http, AtomicInteger requests, AtomicInteger throttled) {
        this.client = client;
        this.http = http;
        this.requests = requests;
        this.throttled = throttled;
    }

    public GraphServiceClient client() {
        return client;
    }

    /** HTTP requests sent to Graph so far, retries included (token requests are not Graph requests). */
    public int requests() {
        return requests.get();
    }

    /** Responses that were 429 Too Many Requests. */
    public int throttled() {
        return throttled.get();
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
