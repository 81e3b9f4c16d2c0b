package dev.provhub.scim.logs;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.microsoft.graph.models.ModifiedProperty;
import com.microsoft.graph.models.ProvisioningObjectSummary;

import dev.provhub.scim.sending.ProvisioningApi;

/**
 * {@code -GetPreviousCycleLogs}: the provisioning logs of the job's last cycles, as CSV2SCIM reads them (the latest
 * cycle, then each older one with {@code cycleId ne} the previous), with statistics per action (Create, Update,
 * Delete, Disable, StagedDelete, Other) and status (Success, Failure, Skipped, Warning), and every record with its
 * modified properties.
 */
public final class CycleLogs {

    public static final List<String> ACTIONS = List.of("Create", "Update", "Delete", "Disable", "StagedDelete",
            "Other");
    public static final List<String> STATUSES = List.of("Success", "Failure", "Skipped", "Warning");

    private CycleLogs() {
    }

    /** One record of a cycle, as the script returns them. */
    public record LogRecord(String changeId, String sourceId, String targetId, String displayName, String action,
            String status, OffsetDateTime activityDateTime, String cycleId, String error,
            List<Map<String, String>> modifiedProperties) {
    }

    /** One cycle: its statistics (action -> status -> count) and records. */
    public record Cycle(String cycleId, Map<String, Map<String, Integer>> statistics, List<LogRecord> records) {
    }

    public static List<Cycle> read(ProvisioningApi api, String jobId, int cycles) {
        var result = new ArrayList<Cycle>();
        var excluded = new ArrayList<String>();
        String job = jobId.replace("'", "''");
        for (int i = 0; i < Math.max(1, cycles); i++) {
            var filter = new StringBuilder("jobId eq '" + job + "'");
            excluded.forEach(c -> filter.append(" and cycleId ne '").append(c).append("'"));
            List<ProvisioningObjectSummary> latest = api.logs(filter.toString(), 1);
            if (latest.isEmpty() || latest.get(0).getCycleId() == null) {
                break;
            }
            String cycleId = latest.get(0).getCycleId();
            excluded.add(cycleId.replace("'", "''"));
            List<ProvisioningObjectSummary> entries = api.logs("jobId eq '" + job + "' and cycleId eq '"
                    + cycleId.replace("'", "''") + "'", 1_000_000);
            result.add(cycle(cycleId, entries));
        }
        return result;
    }

    static Cycle cycle(String cycleId, List<ProvisioningObjectSummary> entries) {
        var statistics = new LinkedHashMap<String, Map<String, Integer>>();
        for (String action : ACTIONS) {
            var row = new LinkedHashMap<String, Integer>();
            STATUSES.forEach(status -> row.put(status, 0));
            statistics.put(action, row);
        }
        var records = new ArrayList<LogRecord>();
        for (ProvisioningObjectSummary entry : entries) {
            String action = name(entry.getProvisioningAction() == null ? "other"
                    : entry.getProvisioningAction().getValue(), ACTIONS, "Other");
            String status = name(entry.getProvisioningStatusInfo() == null
                    || entry.getProvisioningStatusInfo().getStatus() == null ? "warning"
                            : entry.getProvisioningStatusInfo().getStatus().getValue(),
                    STATUSES, "Warning");
            statistics.get(action).merge(status, 1, Integer::sum);
            var modified = new ArrayList<Map<String, String>>();
            if (entry.getModifiedProperties() != null) {
                for (ModifiedProperty property : entry.getModifiedProperties()) {
                    var change = new LinkedHashMap<String, String>();
                    change.put("displayName", property.getDisplayName());
                    change.put("oldValue", property.getOldValue());
                    change.put("newValue", property.getNewValue());
                    modified.add(change);
                }
            }
            String error = entry.getProvisioningStatusInfo() == null
                    || entry.getProvisioningStatusInfo().getErrorInformation() == null ? null
                            : entry.getProvisioningStatusInfo().getErrorInformation().getReason();
            records.add(new LogRecord(entry.getChangeId(), entry.getSourceIdentity() == null ? null
                    : entry.getSourceIdentity().getId(),
                    entry.getTargetIdentity() == null ? null
                            : entry.getTargetIdentity().getId(),
                    entry.getSourceIdentity() == null ? null : entry.getSourceIdentity().getDisplayName(), action,
                    status, entry.getActivityDateTime(), entry.getCycleId(), error, modified));
        }
        return new Cycle(cycleId, statistics, records);
    }

    private static String name(String value, List<String> names, String other) {
        String lower = value.toLowerCase(Locale.ROOT);
        return names.stream().filter(n -> n.toLowerCase(Locale.ROOT).equals(lower)).findFirst().orElse(other);
    }

    /** The statistics as CSV2SCIM prints them: one line per action, a column per status. */
    public static String table(Cycle cycle) {
        var out = new StringBuilder("Cycle " + cycle.cycleId() + "\n");
        out.append(String.format(Locale.ROOT, "%-14s", "Action"));
        STATUSES.forEach(s -> out.append(String.format(Locale.ROOT, "%10s", s)));
        out.append('\n');
        cycle.statistics().forEach((action, row) -> {
            out.append(String.format(Locale.ROOT, "%-14s", action));
            STATUSES.forEach(s -> out.append(String.format(Locale.ROOT, "%10d", row.get(s))));
            out.append('\n');
        });
        return out.toString();
    }
}
