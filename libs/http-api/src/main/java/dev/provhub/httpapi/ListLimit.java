package dev.provhub.httpapi;

/**
 * The {@code limit} query parameter of every list endpoint: 50 unless asked, at least 1, at most 500 (a larger one is
 * served as 500, not refused, so that a dashboard asking for "all" still gets an answer).
 */
public final class ListLimit {

    /** The default, for {@code @DefaultValue}. */
    public static final String DEFAULT = "50";
    /** The most items one list answer carries. */
    public static final int MAX = 500;

    private ListLimit() {
    }

    /** {@code requested} brought into 1..{@link #MAX}. */
    public static int of(int requested) {
        return Math.max(1, Math.min(requested, MAX));
    }
}
