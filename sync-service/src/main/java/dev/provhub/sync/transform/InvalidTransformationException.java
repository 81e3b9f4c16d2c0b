package dev.provhub.sync.transform;

/** An {@code --attributes-transformation} that cannot be read or compiled, with what is wrong and where. */
public class InvalidTransformationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidTransformationException(String message) {
        super(message);
    }
}
