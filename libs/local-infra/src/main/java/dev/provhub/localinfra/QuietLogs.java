package dev.provhub.localinfra;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the servers' own logging to warnings and errors: a healthy broker or database says nothing, a failing one
 * still does. Loggers are held here so that a log manager cannot collect them and forget the level.
 */
final class QuietLogs {

    private static final List<Logger> QUIETED = List.of(
            Logger.getLogger("kafka"),
            Logger.getLogger("org.apache.kafka"),
            Logger.getLogger("state.change.logger"),
            Logger.getLogger("io.zonky.test.db.postgres"),
            Logger.getLogger("org.apache.ftpserver"),
            Logger.getLogger("org.apache.mina"),
            Logger.getLogger("com.icegreen.greenmail"));

    private QuietLogs() {
    }

    static void apply() {
        if (Boolean.getBoolean("provhub.infra.verbose")) {
            return;
        }
        QUIETED.forEach(logger -> logger.setLevel(Level.WARNING));
    }
}
