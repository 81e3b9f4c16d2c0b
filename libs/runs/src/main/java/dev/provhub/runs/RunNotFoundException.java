package dev.provhub.runs;

import java.util.UUID;

/** No run of that kind has that id. */
public class RunNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RunNotFoundException(String kind, UUID id) {
        super("no " + kind + " run " + id);
    }
}
