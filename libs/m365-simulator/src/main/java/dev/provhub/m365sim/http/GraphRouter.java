package dev.provhub.m365sim.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the route of a request; the first registered pattern that matches wins (so {@code groups/delta} before
 * {@code groups/{id}}).
 */
public final class GraphRouter {

    private final List<GraphRoute> routes = new ArrayList<>();

    public GraphRouter add(GraphRoute route) {
        routes.add(route);
        return this;
    }

    public record Match(GraphRoute route, Map<String, String> parameters) {
    }

    /**
     * @throws GraphException 400 for a path no operation has (Graph's "Resource not found for the segment"), 405
     *         for a known path with another method
     */
    public Match match(String method, String path) {
        String[] segments = path.substring(1).split("/");
        if (segments[0].equalsIgnoreCase("me")) {
            // every token the simulator issues is app-only, and Graph refuses /me for those
            throw GraphException.badRequest("BadRequest", "/me request is only valid with delegated authentication "
                    + "flow.");
        }
        boolean pathKnown = false;
        for (GraphRoute route : routes) {
            Map<String, String> parameters = route.match(segments);
            if (parameters == null) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Match(route, parameters);
            }
            pathKnown = true;
        }
        if (pathKnown) {
            throw new GraphException(405, "Request_BadRequest",
                    "Specified HTTP method is not allowed for the request target.");
        }
        throw GraphException.badRequest("BadRequest",
                "Resource not found for the segment '" + segments[segments.length - 1] + "'.");
    }
}
