package dev.provhub.sync.run;

import java.util.List;

import dev.provhub.runs.RunItem;
import dev.provhub.sync.profile.GraphEdges;

/**
 * What a run read from Graph, ready to be decided: the groups it syncs, the users to decide about, what it
 * noticed (skipped groups, ignored members), and, for a profile, the delta links and group members to remember.
 *
 * @param mode {@code full} or {@code incremental}
 * @param edges the members of the followed groups as read (full) or as changed (incremental); null outside profiles
 */
public record SyncInput(String mode, String modeReason, List<RootGroup> roots, List<UserWork> works,
        List<String> notes, List<RunItem> skipped, int ignoredMembers, GraphEdges.Update edges, String groupsDeltaLink,
        String usersDeltaLink) {
}
