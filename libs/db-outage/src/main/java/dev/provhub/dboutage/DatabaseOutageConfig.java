package dev.provhub.dboutage;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code provhub.database.*}: how long work waits for a database that cannot be reached. */
@ConfigMapping(prefix = "provhub.database")
public interface DatabaseOutageConfig {

    /**
     * How long a batch waits for the database to answer again before it gives up (a consumer then stops its channel,
     * a run is left to be taken over once stale). Below Kafka's {@code max.poll.interval.ms} (5 minutes).
     */
    @WithDefault("2m")
    Duration outageWait();

    /** How often the database is asked whether it answers again. */
    @WithDefault("1s")
    Duration outagePoll();
}
