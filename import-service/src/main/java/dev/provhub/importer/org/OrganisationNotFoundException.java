package dev.provhub.importer.org;

public class OrganisationNotFoundException extends RuntimeException {

    public OrganisationNotFoundException(String what) {
        super("no organisation " + what);
    }
}
