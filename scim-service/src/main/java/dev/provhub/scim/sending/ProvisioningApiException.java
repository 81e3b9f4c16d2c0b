package dev.provhub.scim.sending;

/** A Graph call about the provisioning app that failed, with Graph's status and message. */
public class ProvisioningApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public ProvisioningApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
