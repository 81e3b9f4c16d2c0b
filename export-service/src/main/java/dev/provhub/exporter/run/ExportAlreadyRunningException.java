package dev.provhub.exporter.run;

import java.util.UUID;

public class ExportAlreadyRunningException extends RuntimeException {

    private final UUID running;

    public ExportAlreadyRunningException(UUID running) {
        super("export " + running + " is running");
        this.running = running;
    }

    public UUID running() {
        return running;
    }
}
