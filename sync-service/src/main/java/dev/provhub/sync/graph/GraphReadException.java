package dev.provhub.sync.graph;

/**
 * Reading from Microsoft Graph failed, named by step ("reading the members of group X"), after the retries the
 * SDK makes. Nothing has changed in the application when a run fails with it: runs read everything first.
 */
public class GraphReadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public GraphReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
