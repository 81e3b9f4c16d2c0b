package dev.provhub.scim.sending;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The time pacing, quotas and resumes are judged by. The system clock; tests replace the bean with the simulator's
 * clock, so that a day's quota can pass in a second.
 */
@ApplicationScoped
public class ScimClock {

    public Instant now() {
        return Instant.now();
    }
}
