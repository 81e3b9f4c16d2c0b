package dev.provhub.sync;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

/** A test that starts every case from a fresh simulator tenant and an empty application. */
abstract class FreshTenantTest {

    @Inject
    SyncFixture fixture;

    @BeforeEach
    void startFromAFreshTenant() {
        fixture.reset();
    }
}
