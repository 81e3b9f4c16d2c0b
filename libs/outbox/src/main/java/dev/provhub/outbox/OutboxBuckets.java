package dev.provhub.outbox;

/**
 * Spreads message keys over a fixed number of buckets. Every event of a key lands in the same bucket, and one relay
 * at a time owns a bucket, so events of one key are sent one after another in the order they were written.
 */
final class OutboxBuckets {

    /** The number of rows in {@code outbox_bucket}; changing it needs a migration that re-buckets unsent rows. */
    static final int COUNT = 64;

    private OutboxBuckets() {
    }

    static short of(String messageKey) {
        // String.hashCode is specified by the JLS, so the bucket of a key never changes between JVMs or releases
        return (short) Math.floorMod(messageKey.hashCode(), COUNT);
    }
}
