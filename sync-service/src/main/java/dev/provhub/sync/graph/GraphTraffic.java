package dev.provhub.sync.graph;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The two ends of the Graph client's interceptor chain. {@link #limit} comes first: at most N requests of a run in
 * flight, a permit held through the retry handler's waits, so a throttled run slows down instead of piling on; then
 * {@link #readAgainAfterBrokenConnections}.
 * {@link #count} comes last and sees every attempt: it counts requests by outcome and 429s, and never logs a header
 * (the bearer token is in one).
 */
final class GraphTraffic {

    private GraphTraffic() {
    }

    static Interceptor limit(int maxConcurrency) {
        Semaphore permits = new Semaphore(Math.max(1, maxConcurrency));
        return chain -> {
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for a Graph request slot", e);
            }
            try {
                return chain.proceed(chain.request());
            } finally {
                permits.release();
            }
        };
    }

    /**
     * Sends a read ({@code GET}) again when its connection broke before an answer came (reset, closed, timed out),
     * up to {@code maxRetries} times, waiting one second more each time: reading twice changes nothing, and a run
     * should not fail for a connection a proxy or load balancer dropped. Writes are never sent again here.
     */
    static Interceptor readAgainAfterBrokenConnections(int maxRetries, MeterRegistry registry) {
        return chain -> {
            Request request = chain.request();
            for (int attempt = 0;; attempt++) {
                try {
                    return chain.proceed(request);
                } catch (IOException e) {
                    if (!request.method().equals("GET") || attempt >= maxRetries || chain.call().isCanceled()) {
                        throw e;
                    }
                    registry.counter("provhub.sync.graph.requests", "outcome", "read_again").increment();
                    try {
                        Thread.sleep(1000L * (attempt + 1));
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        };
    }

    static Interceptor count(MeterRegistry registry, AtomicInteger requests, AtomicInteger throttled) {
        return chain -> {
            requests.incrementAndGet();
            Response response;
            try {
                response = chain.proceed(chain.request());
            } catch (IOException e) {
                registry.counter("provhub.sync.graph.requests", "outcome", "io_error").increment();
                throw e;
            }
            int status = response.code();
            if (status == 429) {
                throttled.incrementAndGet();
                registry.counter("provhub.sync.graph.throttled").increment();
            }
            registry.counter("provhub.sync.graph.requests", "outcome", outcome(status)).increment();
            return response;
        };
    }

    static String outcome(int status) {
        if (status < 300) {
            return "success";
        }
        if (status == 429) {
            return "throttled";
        }
        return status < 500 ? "client_error" : "server_error";
    }
}
