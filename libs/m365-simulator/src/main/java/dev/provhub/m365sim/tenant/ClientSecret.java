package dev.provhub.m365sim.tenant;

import java.time.Instant;

/** A client secret of an app registration; {@link #toString()} never shows its value. */
public record ClientSecret(String keyId, String value, Instant endDateTime) {

    @Override
    public String toString() {
        return "client secret " + keyId + " (until " + endDateTime + ")";
    }
}
