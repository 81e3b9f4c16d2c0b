package dev.provhub.m365sim.identity;

/**
 * A refusal of the token endpoint in the Microsoft identity platform's shape: an OAuth {@code error}, an
 * {@code AADSTS} code and its description.
 */
public final class IdentityException extends RuntimeException {

    private final int status;
    private final String error;
    private final int aadsts;

    public IdentityException(int status, String error, int aadsts, String description) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.aadsts = aadsts;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public int aadsts() {
        return aadsts;
    }
}
