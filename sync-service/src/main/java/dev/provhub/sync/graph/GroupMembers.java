package dev.provhub.sync.graph;

import java.util.List;

/**
 * The direct members of an Office 365 group: its users (with the selected attributes), its nested groups, and how
 * many members were neither (devices, contacts, service principals), which a sync ignores.
 */
public record GroupMembers(String groupId, List<GraphUser> users, List<String> childGroupIds, int ignored) {
}
