package dev.provhub.runs;

import java.util.UUID;

/**
 * This process no longer owns the run: another process found its heartbeat stale and took it over (or failed it).
 * Whatever this process was about to write for the run must not be written; the transaction it is thrown in rolls
 * back.
 */
public class RunLostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RunLostException(UUID runId) {
        super("run " + runId + " is no longer owned by this process");
    }
}
