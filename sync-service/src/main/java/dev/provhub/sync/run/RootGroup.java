package dev.provhub.sync.run;

import dev.provhub.sync.directory.MembershipSource;

/**
 * An Office 365 group a run was asked for (by name or by the filter) and the application group its members join:
 * the group of the same name, or the {@code --target-group}.
 */
public record RootGroup(String graphId, String displayName, String appGroupName) {

    /** The membership source of this group's members. */
    public String source() {
        return MembershipSource.graph(graphId);
    }
}
