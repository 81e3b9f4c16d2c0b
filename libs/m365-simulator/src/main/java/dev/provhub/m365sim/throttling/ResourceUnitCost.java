package dev.provhub.m365sim.throttling;

import dev.provhub.m365sim.http.GraphRequest;

/**
 * What a request costs in resource units, after the identity and access table of "Microsoft Graph service-specific
 * throttling limits": the operation's base cost, {@code $select} -1, {@code $expand} +1, {@code $top} below 20 -1,
 * never below 1.
 */
public final class ResourceUnitCost {

    private ResourceUnitCost() {
    }

    public static int of(GraphRequest request, int baseCost) {
        int cost = baseCost;
        if (request.option("$select") != null) {
            cost--;
        }
        if (request.option("$expand") != null) {
            cost++;
        }
        String top = request.option("$top");
        if (top != null) {
            try {
                if (Integer.parseInt(top.trim()) < 20) {
                    cost--;
                }
            } catch (NumberFormatException e) {
                // an invalid $top is refused by the endpoint; it costs the base
            }
        }
        return Math.max(1, cost);
    }
}
