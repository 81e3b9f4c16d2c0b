package dev.provhub.m365sim;

import java.time.Duration;

/**
 * The simulator's tunable behaviour. Defaults are Microsoft's documented figures; tests shrink them (a two-second
 * throttling window, a small delta page) to reach the interesting cases quickly.
 */
public final class SimulatorSettings {

    private volatile int deltaPageSize;
    private volatile int deltaMembersPerEntry;
    private volatile Duration deltaTokenLifetime;
    private volatile Duration throttlingWindow;
    private volatile Integer resourceUnitLimitOverride;
    private volatile int bulkUploadCallsPerWindow;
    private volatile Duration bulkUploadWindow;
    private volatile Integer bulkUploadDailyQuotaOverride;
    private volatile Duration provisioningDelay;

    public SimulatorSettings() {
        reset();
    }

    /** Back to Microsoft's figures. */
    public synchronized void reset() {
        deltaPageSize = 100;
        deltaMembersPerEntry = 20;
        deltaTokenLifetime = Duration.ofDays(7);
        throttlingWindow = Duration.ofSeconds(10);
        resourceUnitLimitOverride = null;
        bulkUploadCallsPerWindow = 40;
        bulkUploadWindow = Duration.ofSeconds(5);
        bulkUploadDailyQuotaOverride = null;
        provisioningDelay = Duration.ZERO;
    }

    /** Entries (objects) per delta page; Graph does not document its own, so clients must not assume one. */
    public int deltaPageSize() {
        return deltaPageSize;
    }

    public SimulatorSettings deltaPageSize(int size) {
        this.deltaPageSize = positive(size);
        return this;
    }

    /** Members per {@code members@delta} entry: larger groups appear several times, over several pages. */
    public int deltaMembersPerEntry() {
        return deltaMembersPerEntry;
    }

    public SimulatorSettings deltaMembersPerEntry(int members) {
        this.deltaMembersPerEntry = positive(members);
        return this;
    }

    /** How long a delta token stays usable (seven days for directory objects). */
    public Duration deltaTokenLifetime() {
        return deltaTokenLifetime;
    }

    public SimulatorSettings deltaTokenLifetime(Duration lifetime) {
        this.deltaTokenLifetime = lifetime;
        return this;
    }

    /** The window resource units are counted in (10 seconds for identity and access). */
    public Duration throttlingWindow() {
        return throttlingWindow;
    }

    public SimulatorSettings throttlingWindow(Duration window) {
        this.throttlingWindow = window;
        return this;
    }

    /** A fixed resource-unit limit per app per window instead of the tenant-size one, or null. */
    public Integer resourceUnitLimitOverride() {
        return resourceUnitLimitOverride;
    }

    public SimulatorSettings resourceUnitLimit(Integer limit) {
        this.resourceUnitLimitOverride = limit;
        return this;
    }

    /** bulkUpload calls allowed in any {@link #bulkUploadWindow()} (40 in 5 seconds). */
    public int bulkUploadCallsPerWindow() {
        return bulkUploadCallsPerWindow;
    }

    public SimulatorSettings bulkUploadCallsPerWindow(int calls) {
        this.bulkUploadCallsPerWindow = positive(calls);
        return this;
    }

    public Duration bulkUploadWindow() {
        return bulkUploadWindow;
    }

    /** A daily bulkUpload quota instead of the licence's (2,000 or 6,000), or null. */
    public Integer bulkUploadDailyQuotaOverride() {
        return bulkUploadDailyQuotaOverride;
    }

    public SimulatorSettings bulkUploadDailyQuota(Integer quota) {
        this.bulkUploadDailyQuotaOverride = quota;
        return this;
    }

    /** How long an accepted bulk request waits before its cycle runs (zero: at once). */
    public Duration provisioningDelay() {
        return provisioningDelay;
    }

    public SimulatorSettings provisioningDelay(Duration delay) {
        this.provisioningDelay = delay;
        return this;
    }

    private static int positive(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("must be at least 1: " + value);
        }
        return value;
    }
}
