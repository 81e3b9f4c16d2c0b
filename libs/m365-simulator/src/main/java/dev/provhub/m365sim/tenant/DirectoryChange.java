package dev.provhub.m365sim.tenant;

import java.time.Instant;
import java.util.Set;

/**
 * One recorded change to the directory, numbered in order. Delta queries replay the changes after the number their
 * token carries.
 *
 * @param properties the properties that changed ({@link Kind#UPDATED}), else empty
 * @param memberId the member added or removed ({@link Kind#MEMBER_ADDED}, {@link Kind#MEMBER_REMOVED}), else null
 */
public record DirectoryChange(long sequence, Instant at, String objectId, DirectoryObjectType type, Kind kind,
        Set<String> properties, String memberId, DirectoryObjectType memberType) {

    public enum Kind {
        CREATED,
        UPDATED,
        /** Deleted and restorable: users and Microsoft 365 groups (delta: {@code "reason": "changed"}). */
        DELETED,
        /** Deleted for good: security groups (delta: {@code "reason": "deleted"}). */
        PERMANENTLY_DELETED,
        MEMBER_ADDED,
        MEMBER_REMOVED
    }
}
