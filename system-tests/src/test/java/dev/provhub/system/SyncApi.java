package dev.provhub.system;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** sync-service's REST API as an operator uses it, on one replica. */
final class SyncApi extends RunsApi {

    SyncApi(ServiceProcess replica, String token) {
        super(replica, token, "/api/syncs");
    }

    /** Queues a run of the configured profile {@code name}; returns its id. */
    String runProfile(String name) throws Exception {
        return runProfile(name, false);
    }

    /** Queues a run of profile {@code name}, a full one (every member read again) when {@code full}; its id. */
    String runProfile(String name, boolean full) throws Exception {
        return queued(replica.send("POST", "/api/syncs/profiles/" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                + "/runs?full=" + full, null, null, token));
    }
}
