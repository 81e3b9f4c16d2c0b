package dev.provhub.m365sim.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One Graph operation: method, path pattern ({@code groups/{id}/members}), the application permissions of which
 * one is needed, its base cost in resource units (the throttling table; 1 when not listed), and its handler.
 */
public record GraphRoute(String method, List<String> segments, Set<String> permissions, int baseCost,
        Handler handler) {

    @FunctionalInterface
    public interface Handler {
        GraphResponse handle(GraphCall call);
    }

    public static GraphRoute of(String method, String pattern, Set<String> permissions, int baseCost,
            Handler handler) {
        return new GraphRoute(method, List.of(pattern.split("/")), permissions, baseCost, handler);
    }

    /** The path parameters when the path matches, else null. Literal segments match without case. */
    Map<String, String> match(String[] path) {
        if (path.length != segments.size()) {
            return null;
        }
        var parameters = new java.util.LinkedHashMap<String, String>();
        for (int i = 0; i < path.length; i++) {
            String pattern = segments.get(i);
            if (pattern.startsWith("{")) {
                parameters.put(pattern.substring(1, pattern.length() - 1), path[i]);
            } else if (!normalise(pattern).equals(normalise(path[i]))) {
                return null;
            }
        }
        return parameters;
    }

    /**
     * Functions may be called as {@code delta}, {@code delta()} or {@code microsoft.graph.delta()}: the SDKs use the
     * long form.
     */
    static String normalise(String segment) {
        String lower = segment.toLowerCase(Locale.ROOT);
        if (lower.endsWith("()")) {
            lower = lower.substring(0, lower.length() - 2);
        }
        if (lower.startsWith("microsoft.graph.") && (lower.endsWith(".delta") || lower.endsWith(".pause")
                || lower.endsWith(".start") || lower.endsWith(".bulkupload"))) {
            lower = lower.substring("microsoft.graph.".length());
        }
        return lower;
    }
}
