package dev.provhub.sync.graph;

/** The app could not sign in: missing or refused credentials. The message never holds a secret. */
public class GraphSignInException extends GraphReadException {

    private static final long serialVersionUID = 1L;

    public GraphSignInException(String message) {
        super(message, null);
    }

    public GraphSignInException(String message, Throwable cause) {
        super(message, cause);
    }
}
