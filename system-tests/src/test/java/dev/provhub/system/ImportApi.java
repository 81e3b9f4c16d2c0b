package dev.provhub.system;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** import-service's REST API as an operator uses it, on one replica. */
final class ImportApi extends RunsApi {

    ImportApi(ServiceProcess replica, String token) {
        super(replica, token, "/api/imports");
    }

    /** Uploads {@code file} for import into {@link Deployment#ORG}; returns the queued run's id. */
    String start(String fileName, UserFile file) throws Exception {
        return queued(replica.postCsv("/api/imports?org=" + URLEncoder.encode(Deployment.ORG, StandardCharsets.UTF_8)
                + "&fileName=" + fileName, file.csv(), token));
    }
}
