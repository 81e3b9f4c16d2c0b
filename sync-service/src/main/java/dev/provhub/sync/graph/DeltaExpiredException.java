package dev.provhub.sync.graph;

/** Graph no longer knows a stored delta link (410 syncStateNotFound, after ~7 days): the run must read in full. */
public class DeltaExpiredException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DeltaExpiredException(String message) {
        super(message);
    }
}
