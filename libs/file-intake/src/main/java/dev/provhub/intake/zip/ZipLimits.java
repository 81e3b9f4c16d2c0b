package dev.provhub.intake.zip;

/**
 * How much a {@link ZipExtractor} will unpack from one archive an organisation dropped, so that a zip bomb or a
 * mistaken upload cannot fill the disk.
 *
 * @param maxEntries the most entries (files and directories) the archive may list
 * @param maxTotalBytes the most bytes all entries together may unpack to
 * @param maxEntryBytes the most bytes one entry may unpack to
 * @param maxCompressionRatio the most times larger than its compressed size an entry may unpack to
 */
public record ZipLimits(int maxEntries, long maxTotalBytes, long maxEntryBytes, int maxCompressionRatio) {

    private static final long GIB = 1024L * 1024 * 1024;

    /** 100 entries, 2 GiB in all and per entry, 100 times the compressed size. */
    public static final ZipLimits DEFAULTS = new ZipLimits(100, 2 * GIB, 2 * GIB, 100);

    public ZipLimits {
        if (maxEntries < 1 || maxTotalBytes < 1 || maxEntryBytes < 1 || maxCompressionRatio < 1) {
            throw new IllegalArgumentException("zip limits must be 1 or more: " + maxEntries + ", " + maxTotalBytes
                    + ", " + maxEntryBytes + ", " + maxCompressionRatio);
        }
    }
}
