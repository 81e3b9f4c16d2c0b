package dev.provhub.httpapi;

/**
 * The roles of every provhub API, carried in the JWT's {@code groups} claim: admins may do everything, operators
 * start runs (imports, exports, syncs, SCIM jobs), viewers read reports.
 */
public final class Roles {

    public static final String ADMIN = "provisioning-admin";
    public static final String OPERATOR = "provisioning-operator";
    public static final String VIEWER = "provisioning-viewer";

    private Roles() {
    }
}
