package dev.provhub.sync.graph;

import java.util.Map;

/**
 * What a delta round returned, merged per object (a large group's members come in several entries and pages), and
 * the delta link to call next time.
 *
 * @param groups changed groups by id
 * @param users changed users by id
 */
public record GraphDelta(Map<String, GroupChange> groups, Map<String, UserChange> users, String deltaLink) {

    /** A changed group: deleted, renamed, or members added and removed. */
    public record GroupChange(String id, boolean removed, String displayName, Map<String, MemberChange> members) {
    }

    /** A member added to or removed from a group; {@code group} when the member is a group itself. */
    public record MemberChange(String id, boolean group, boolean user, boolean removed) {
    }

    /** A changed user (with the selected attributes), or a deleted one. */
    public record UserChange(String id, boolean removed, GraphUser user) {
    }
}
