package dev.provhub.dboutage;

import java.sql.SQLException;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;

/**
 * Tells a database outage from a failure of the work itself, and waits one out. Work that fails as a whole (a batch
 * of import rows, a batch of consumed events) asks {@link #waitedOut(Throwable)}: after an outage nothing of the
 * transaction was committed, so the work is done again whole once the database is back; any other failure is the
 * work's own, and the caller finds the bad row or record.
 *
 * <pre>
 * try {
 *     applyInOneTransaction(batch);
 * } catch (RuntimeException e) {
 *     if (outage.waitedOut(e)) {
 *         // the database is back: apply the batch again
 *     } else {
 *         // a row of the batch is bad: apply its rows one by one
 *     }
 * }
 * </pre>
 */
@ApplicationScoped
public class DatabaseOutage {

    private static final Logger LOG = Logger.getLogger(DatabaseOutage.class);
    /** admin_shutdown, crash_shutdown, cannot_connect_now: the server is going away or not yet back. */
    private static final Set<String> SERVER_UNAVAILABLE = Set.of("57P01", "57P02", "57P03");

    private final AgroalDataSource dataSource;
    private final DatabaseOutageConfig config;

    DatabaseOutage(AgroalDataSource dataSource, DatabaseOutageConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /** Whether the database answers a query now. */
    public boolean answers() {
        try (var c = dataSource.getConnection(); var st = c.createStatement()) {
            st.execute("select 1");
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether {@code failure} came from the database being unreachable: a connection-class SQL state (08xxx) or a
     * server shutting down or starting (57P01-57P03) among its causes, or a database that does not answer now.
     */
    public boolean isOutage(Throwable failure) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < 32; cause = cause.getCause(), depth++) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || SERVER_UNAVAILABLE.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return !answers();
    }

    /**
     * Waits out the outage that caused {@code failure}, if it was one.
     *
     * @return false at once when {@code failure} is not an outage (the work's own failure); true once the database
     *         answers again after one (nothing of the failed transaction was committed: do the work again)
     * @throws DatabaseUnavailableException when the database does not answer within
     *         {@link DatabaseOutageConfig#outageWait()}
     */
    public boolean waitedOut(Throwable failure) {
        if (!isOutage(failure)) {
            return false;
        }
        long deadline = System.nanoTime() + config.outageWait().toNanos();
        LOG.warnf("The database cannot be reached (%s); waiting up to %s for it", failure, config.outageWait());
        while (!answers()) {
            if (System.nanoTime() > deadline) {
                throw new DatabaseUnavailableException("the database did not answer within " + config.outageWait(),
                        failure);
            }
            try {
                Thread.sleep(config.outagePoll().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatabaseUnavailableException("interrupted while waiting for the database", failure);
            }
        }
        LOG.info("The database answers again");
        return true;
    }

    /**
     * Like {@link #waitedOut(Throwable)}, but waits as long as the outage lasts, logging each outage wait that passes:
     * for work this process owns and no other process may take over while it lives (a run it executes), which would
     * otherwise stay unfinished for good.
     *
     * @throws DatabaseUnavailableException only when the waiting thread is interrupted (the process is stopping)
     */
    public boolean waitedOutHoweverLong(Throwable failure) {
        while (true) {
            try {
                return waitedOut(failure);
            } catch (DatabaseUnavailableException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                LOG.warnf("The database is still away after %s; waiting on", config.outageWait());
            }
        }
    }
}
