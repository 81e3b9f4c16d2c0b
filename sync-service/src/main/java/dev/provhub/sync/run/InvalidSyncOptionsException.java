package dev.provhub.sync.run;

/**
 * Options that cannot run together or cannot be read (a wrong flag combination, a transformation that does not
 * parse), refused before anything is read or changed. The command exits 2 with the message; REST answers 400.
 */
public class InvalidSyncOptionsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String option;

    public InvalidSyncOptionsException(String option, String message) {
        super(message);
        this.option = option;
    }

    /** The option at fault, as the command spells it ({@code --target-group}). */
    public String option() {
        return option;
    }
}
