package dev.provhub.localinfra;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the servers' own logging to what matters: a healthy broker or database says nothing, a failing one still
 * does. A level that is already stricter (e.g. set by the application's logging configuration) is left alone.
 * Loggers are held here so that a log manager cannot collect them and forget the level.
 */
final class QuietLogs {

    /** Server internals that log routine warnings (controller activation, empty metadata log, ...). */
    private static final List<Logger> SERVER_INTERNALS = List.of(
            Logger.getLogger("kafka"),
            Logger.getLogger("state.change.logger"),
            Logger.getLogger("org.apache.kafka.controller"),
            Logger.getLogger("org.apache.kafka.raft"),
            Logger.getLogger("org.apache.kafka.metadata"),
            Logger.getLogger("org.apache.kafka.image"),
            Logger.getLogger("org.apache.kafka.storage"),
            Logger.getLogger("org.apache.kafka.server"),
            Logger.getLogger("org.apache.kafka.coordinator"),
            Logger.getLogger("org.apache.kafka.queue"));

    /** Everything else the servers log, kept at warnings. */
    private static final List<Logger> SERVERS = List.of(
            Logger.getLogger("org.apache.kafka"),
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
        SERVER_INTERNALS.forEach(logger -> atLeast(logger, Level.SEVERE));
        SERVERS.forEach(logger -> atLeast(logger, Level.WARNING));
    }

    private static void atLeast(Logger logger, Level level) {
        Level current = logger.getLevel();
        if (current == null || current.intValue() < level.intValue()) {
            logger.setLevel(level);
        }
    }
}
