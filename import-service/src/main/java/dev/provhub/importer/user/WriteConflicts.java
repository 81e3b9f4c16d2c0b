package dev.provhub.importer.user;

import java.sql.SQLException;
import java.util.Set;

import jakarta.persistence.OptimisticLockException;

import org.hibernate.StaleStateException;

/**
 * Tells a write that lost a race from a broken one: another transaction changed the same user first (optimistic
 * lock), took the same identity key first (unique index), or the database chose this one to break a deadlock.
 * Doing the work again, from what is committed now, is the right answer to all three.
 */
public final class WriteConflicts {

    /** unique_violation, serialization_failure, deadlock_detected */
    private static final Set<String> CONFLICT_STATES = Set.of("23505", "40001", "40P01");

    private WriteConflicts() {
    }

    public static boolean isConflict(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof StaleStateException) {
                return true;
            }
            if (t instanceof SQLException sql && CONFLICT_STATES.contains(sql.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
