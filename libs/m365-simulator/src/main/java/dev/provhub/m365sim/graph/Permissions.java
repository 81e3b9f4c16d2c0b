package dev.provhub.m365sim.graph;

import java.util.Set;

/** The application permissions each operation accepts, from least to most privileged, as the API pages list them. */
public final class Permissions {

    public static final Set<String> GROUP_READ = Set.of("GroupMember.Read.All", "Group.Read.All",
            "Directory.Read.All", "GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.ReadWrite.All");
    /** group-delete.md: application permission Group.ReadWrite.All. */
    public static final Set<String> GROUP_DELETE = Set.of("Group.ReadWrite.All");
    public static final Set<String> USER_READ = Set.of("User.Read.All", "User.ReadWrite.All", "Directory.Read.All",
            "Directory.ReadWrite.All");
    public static final Set<String> APPLICATION_READ = Set.of("Application.Read.All", "Application.ReadWrite.All",
            "Application.ReadWrite.OwnedBy", "Directory.Read.All", "Directory.ReadWrite.All");
    public static final Set<String> SYNCHRONIZATION_READ = Set.of("Synchronization.Read.All",
            "Synchronization.ReadWrite.All");
    public static final Set<String> SYNCHRONIZATION_WRITE = Set.of("Synchronization.ReadWrite.All");
    public static final Set<String> BULK_UPLOAD = Set.of("SynchronizationData-User.Upload",
            "SynchronizationData-User.Upload.OwnedBy");
    public static final Set<String> PROVISIONING_LOG_READ = Set.of("AuditLog.Read.All", "ProvisioningLog.Read.All");

    private Permissions() {
    }
}
