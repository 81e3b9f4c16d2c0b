package dev.provhub.sync.directory;

/**
 * Who wants a membership: a user is a member of a group while at least one source wants it. Memberships made by
 * hand ({@link #MANUAL}) are never touched by a sync; the sync adds and removes only its own sources.
 */
public final class MembershipSource {

    public static final String MANUAL = "manual";
    public static final String DEFAULT_GROUP = "default";
    private static final String GRAPH = "graph:";
    private static final String ATTRIBUTE = "attribute:";

    private MembershipSource() {
    }

    /** The members of an Office 365 group (with its nested groups when the run processes them). */
    public static String graph(String graphGroupId) {
        return GRAPH + graphGroupId;
    }

    /** A {@code --map-attr-to-group} attribute whose value names the group. */
    public static String attribute(String attributeName) {
        return ATTRIBUTE + attributeName;
    }

    public static boolean isManaged(String source) {
        return !MANUAL.equals(source);
    }

    public static boolean isAttribute(String source) {
        return source.startsWith(ATTRIBUTE);
    }
}
