package dev.provhub.m365sim.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Graph request, whether it came over HTTP or inside a {@code $batch}: the version segment ({@code v1.0} or
 * {@code beta}), the path after it, the decoded query options, the headers (case-insensitive) and the body.
 */
public record GraphRequest(String method, String version, String path, String rawQuery, Map<String, String> query,
        Map<String, String> headers, byte[] body, String requestId, String clientRequestId) {

    public GraphRequest {
        var sorted = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
        sorted.putAll(headers);
        headers = Collections.unmodifiableMap(sorted);
        query = Collections.unmodifiableMap(query);
    }

    /**
     * @param pathAndQuery the path after the version segment, with its query string, as a batch step or a nextLink
     *        carries it
     */
    public static GraphRequest of(String method, String version, String pathAndQuery, Map<String, String> headers,
            byte[] body, String requestId, String clientRequestId) {
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String rawQuery = question < 0 ? "" : pathAndQuery.substring(question + 1);
        return new GraphRequest(method.toUpperCase(Locale.ROOT), version, normalisePath(path), rawQuery,
                parseQuery(rawQuery), headers, body == null ? new byte[0] : body, requestId, clientRequestId);
    }

    /** A header's value, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** A system query option ({@code $top}) by its name with or without the dollar, or null. */
    public String option(String name) {
        return query.get(name.startsWith("$") ? name : "$" + name);
    }

    public boolean eventualConsistency() {
        String level = header("ConsistencyLevel");
        return level != null && level.trim().equalsIgnoreCase("eventual");
    }

    /** {@code $count=true} as a query option. */
    public boolean countRequested() {
        String count = option("$count");
        return count != null && count.trim().equalsIgnoreCase("true");
    }

    /** Both advanced query parameters: {@code ConsistencyLevel: eventual} and {@code $count=true}. */
    public boolean advancedQuery() {
        return eventualConsistency() && countRequested();
    }

    private static String normalisePath(String path) {
        String decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        if (!decoded.startsWith("/")) {
            decoded = "/" + decoded;
        }
        while (decoded.length() > 1 && decoded.endsWith("/")) {
            decoded = decoded.substring(0, decoded.length() - 1);
        }
        return decoded;
    }

    /**
     * Graph takes system query options with or without their {@code $} in v1.0; they are kept here with it, and
     * their names in lower case ({@code $orderBy} and {@code $orderby} are one option).
     */
    static Map<String, String> parseQuery(String rawQuery) {
        var options = new LinkedHashMap<String, String>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return options;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            String key = name.toLowerCase(Locale.ROOT);
            if (!key.startsWith("$") && SYSTEM_OPTIONS.contains("$" + key)) {
                key = "$" + key;
            }
            if (options.containsKey(key)) {
                throw GraphException.badRequest("Request_BadRequest",
                        "Query option '" + name + "' was specified more than once, but it must be specified at most once.");
            }
            options.put(key, value);
        }
        return options;
    }

    private static final java.util.Set<String> SYSTEM_OPTIONS = java.util.Set.of("$select", "$filter", "$top",
            "$count", "$orderby", "$search", "$expand", "$skiptoken", "$deltatoken", "$skip", "$format");
}
