package dev.provhub.httpapi;

/**
 * A request the API refuses as it stands (400), naming the parameter or part that is wrong, for checks that Bean
 * Validation on the request cannot express (e.g. a required query parameter of an upload).
 */
public class InvalidRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String parameter;

    public InvalidRequestException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** The query parameter, form part or body property that is wrong. */
    public String parameter() {
        return parameter;
    }
}
