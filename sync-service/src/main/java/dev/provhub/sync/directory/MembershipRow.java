package dev.provhub.sync.directory;

import java.util.UUID;

/** One source of one membership: user {@code userId} is in group {@code groupId} because {@code source} wants it. */
public record MembershipRow(UUID groupId, UUID userId, String source) {
}
