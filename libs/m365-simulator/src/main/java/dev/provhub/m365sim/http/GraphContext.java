package dev.provhub.m365sim.http;

import java.time.Clock;

import dev.provhub.m365sim.SimulatorSettings;
import dev.provhub.m365sim.tenant.Tenant;

/** What every endpoint needs: the tenant, the simulator's clock, its settings and the base URL links point at. */
public interface GraphContext {

    Tenant tenant();

    Clock clock();

    SimulatorSettings settings();

    /** {@code https://localhost:port}: the host of the Graph endpoints (links are absolute, as Graph makes them). */
    String baseUrl();

    /** {@code https://localhost:port/v1.0}. */
    default String serviceRoot(GraphRequest request) {
        return baseUrl() + "/" + request.version();
    }
}
