package dev.provhub.sync.directory;

/** The directory's domain errors, each answered with one status by {@link DirectoryProblems}. */
public final class DirectoryExceptions {

    private DirectoryExceptions() {
    }

    /** No group or user of that name or id (404). */
    public static class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotFound(String message) {
            super(message);
        }
    }

    /** A group of that name exists already (409). */
    public static class DuplicateGroup extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DuplicateGroup(String name) {
            super("a group named '" + name + "' exists already");
        }
    }

    /** The membership is the sync's, not made by hand: only the sync removes it (409). */
    public static class ManagedMembership extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ManagedMembership(String message) {
            super(message);
        }
    }
}
