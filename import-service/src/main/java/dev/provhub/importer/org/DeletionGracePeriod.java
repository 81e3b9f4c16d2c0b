package dev.provhub.importer.org;

/**
 * Days before a user who left its last organisation is deactivated and deleted (full imports). With limbo the
 * deactivation must be immediate (0); {@code deletion} is how long the user waits in limbo for another
 * organisation to import it.
 */
public record DeletionGracePeriod(Integer deactivation, Integer deletion) {

    public DeletionGracePeriod {
        deactivation = deactivation == null ? 0 : deactivation;
        deletion = deletion == null ? 90 : deletion;
    }

    public static DeletionGracePeriod defaults() {
        return new DeletionGracePeriod(null, null);
    }
}
