package dev.provhub.exporter.api;

/** The roles of ARCHITECTURE.md, carried in the JWT's {@code groups} claim. */
public final class Roles {

    public static final String ADMIN = "provisioning-admin";
    public static final String OPERATOR = "provisioning-operator";
    public static final String VIEWER = "provisioning-viewer";

    private Roles() {
    }
}
