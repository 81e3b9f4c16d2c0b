package dev.provhub.m365sim.http;

import java.time.Instant;
import java.util.Map;

/**
 * One request as the simulator saw it: what was asked (no secrets: the Authorization header shows only its scheme,
 * token request bodies are never kept), what was answered, what it cost and when.
 *
 * @param path the full path ({@code /v1.0/groups}, {@code /{tenant}/oauth2/v2.0/token})
 * @param resourceUnits the cost charged to the app's throttling budget (0 when none)
 * @param batchStep true for a request inside a {@code $batch}
 */
public record JournalEntry(Instant at, String method, String path, String query, Map<String, String> headers,
        int status, int resourceUnits, long durationMillis, String requestId, boolean batchStep) {

    public String header(String name) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}
