package dev.provhub.m365sim.http;

import java.util.Map;

import dev.provhub.m365sim.identity.AppPrincipal;

/** A request matched to a route: the request, who made it, the path's parameters and the simulator's context. */
public record GraphCall(GraphRequest request, AppPrincipal principal, Map<String, String> parameters,
        GraphContext context) {

    public String parameter(String name) {
        return parameters.get(name);
    }
}
