package dev.provhub.sync.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

import dev.provhub.runs.RunItem;
import dev.provhub.sync.run.SyncRunView;
import dev.provhub.sync.run.SyncSummary;

/** The summary at the end of a command, as the seed prints it: per group and in total, then what was skipped. */
final class SummaryPrinter {

    private SummaryPrinter() {
    }

    static void print(SyncRunView run, boolean fullSummary, PrintStream out) {
        SyncSummary.View summary = run.summary();
        out.printf("Sync %s%s: %s%n", run.id(), run.dryRun() ? " (dry run: nothing was changed)" : "", run.status());
        if (summary != null && summary.mode() != null) {
            out.printf("  read %s: %s%n", summary.mode(), summary.modeReason());
        }
        if (run.failure() != null) {
            out.println("  " + run.failure());
        }
        if (summary == null) {
            return;
        }
        if (!summary.groups().isEmpty()) {
            out.printf("  %-40s %8s %8s %9s %8s %8s%n", "group", "created", "updated", "unchanged", "added",
                    "removed");
            for (Map.Entry<String, SyncSummary.GroupCounts> group : summary.groups().entrySet()) {
                SyncSummary.GroupCounts c = group.getValue();
                out.printf("  %-40s %8d %8d %9d %8d %8d%n", group.getKey(), c.created(), c.updated(), c.unchanged(),
                        c.added(), c.removed());
            }
        }
        Map<String, Long> t = summary.totals();
        out.printf(Locale.ROOT, "  total: %d users created, %d updated, %d unchanged, %d deactivated, %d reactivated, "
                + "%d deleted, %d skipped, %d failed; %d groups created; %d memberships added, %d removed%n",
                t.get("usersCreated"), t.get("usersUpdated"), t.get("usersUnchanged"), t.get("usersDeactivated"),
                t.get("usersReactivated"), t.get("usersDeleted"), t.get("usersSkipped"), t.get("usersFailed"),
                t.get("groupsCreated"), t.get("membershipsAdded"), t.get("membershipsRemoved"));
        if (t.getOrDefault("ignoredMembers", 0L) > 0) {
            out.printf("  %d members that are not users (devices, contacts, service principals) were ignored%n",
                    t.get("ignoredMembers"));
        }
        if (summary.graphRequests() != null) {
            out.printf("  Graph requests: %d%s%n", summary.graphRequests(), summary.throttled() != null
                    && summary.throttled() > 0 ? " (" + summary.throttled() + " throttled and retried)" : "");
        }
        summary.notes().forEach(note -> out.println("  note: " + note));
        if (run.items() != null) {
            for (RunItem item : run.items()) {
                if (fullSummary || !item.kind().equals("created") && !item.kind().equals("updated")
                        && !item.kind().equals("memberships") && !item.kind().equals("deactivated")
                        && !item.kind().equals("reactivated") && !item.kind().equals("deleted")) {
                    out.printf("  %-12s %s: %s%n", item.kind(), item.key(), item.reason());
                }
            }
        }
    }
}
