package dev.provhub.importer.run;

public class RunNotFoundException extends RuntimeException {

    public RunNotFoundException(java.util.UUID id) {
        super("no import " + id);
    }
}
