package dev.provhub.scim.sending;

/** The service cannot reach the provisioning app: no credential, no service principal, an unreadable trust store. */
public class TargetNotConfiguredException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TargetNotConfiguredException(String message) {
        super(message);
    }
}
