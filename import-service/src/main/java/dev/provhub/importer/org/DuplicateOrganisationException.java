package dev.provhub.importer.org;

public class DuplicateOrganisationException extends RuntimeException {

    public DuplicateOrganisationException(String path) {
        super("an organisation exists at " + path);
    }
}
