package dev.provhub.sync.run;

/**
 * A run that would remove more than the threshold share of a group's members, refused before anything changes
 * unless forced: a mistyped filter must not empty the application.
 */
public class RemovalThresholdException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RemovalThresholdException(String message) {
        super(message);
    }
}
