package dev.provhub.scim;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.provhub.m365sim.M365SimulatorTestResource;
import dev.provhub.scim.sending.ScimClock;
import io.quarkus.test.Mock;

/** In tests the service's clock is the simulator's, so that moving it a day brings the daily quota back. */
@Mock
@ApplicationScoped
public class SimulatorScimClock extends ScimClock {

    @Override
    public Instant now() {
        try {
            return M365SimulatorTestResource.simulator().clock().instant();
        } catch (IllegalStateException e) {
            return Instant.now();
        }
    }
}
