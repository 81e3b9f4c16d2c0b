package dev.provhub.exporter.delta;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.provhub.exporter.member.MemberValues;

/**
 * Decides what Office 365 must be told about one member, by comparing the member now with the row last exported
 * for it (keyed by member number), never by timestamps or line diffs:
 * <ul>
 * <li>new: has a upn, not deleted, not currently exported;</li>
 * <li>updated: exported, still has a upn, and any of the eight values differs from what was exported;</li>
 * <li>removed: exported, and now deleted or without a upn; the row carries the values last exported;</li>
 * <li>a member number that changed is a removal of the old number and a new member with the new one;</li>
 * <li>a member created and deleted between two runs is nothing at all.</li>
 * </ul>
 * A member whose values the format cannot carry is withheld, and so is one whose member number is exported for
 * another user.
 */
public final class DeltaDecision {

    public enum Kind {
        NEW,
        UPDATED,
        REMOVED,
        WITHHELD
    }

    /** One line for one file, or a withheld member with the reason. */
    public record Action(Kind kind, UUID userId, String membernumber, String line, String reason) {
    }

    /** What the member is now. */
    public record Member(UUID userId, boolean deleted, MemberValues values) {
    }

    /** A row in the exported state. */
    public record Exported(UUID userId, String membernumber, String line) {
    }

    private DeltaDecision() {
    }

    /**
     * @param member the member now
     * @param exportedForUser the row exported for this user, or null
     * @param exportedForNumber the row exported under the member's current number, or null
     */
    public static List<Action> decide(Member member, Exported exportedForUser, Exported exportedForNumber) {
        MemberValues v = member.values();
        boolean wanted = !member.deleted() && v.upn() != null && v.membernumber() != null;
        var actions = new ArrayList<Action>(2);
        if (!wanted) {
            if (exportedForUser != null) {
                actions.add(removal(exportedForUser));
            }
            return actions;
        }
        String unwritable = v.unwritable();
        if (unwritable != null) {
            actions.add(new Action(Kind.WITHHELD, member.userId(), v.membernumber(), null, unwritable));
            return actions;
        }
        if (exportedForNumber != null && !exportedForNumber.userId().equals(member.userId())) {
            actions.add(new Action(Kind.WITHHELD, member.userId(), v.membernumber(), null,
                    "member number " + v.membernumber() + " is exported for another user"));
            return actions;
        }
        String line = v.line();
        if (exportedForUser == null) {
            actions.add(new Action(Kind.NEW, member.userId(), v.membernumber(), line, null));
        } else if (!exportedForUser.membernumber().equals(v.membernumber())) {
            actions.add(removal(exportedForUser));
            actions.add(new Action(Kind.NEW, member.userId(), v.membernumber(), line, null));
        } else if (!exportedForUser.line().equals(line)) {
            actions.add(new Action(Kind.UPDATED, member.userId(), v.membernumber(), line, null));
        }
        return actions;
    }

    private static Action removal(Exported exported) {
        return new Action(Kind.REMOVED, exported.userId(), exported.membernumber(), exported.line(), null);
    }
}
