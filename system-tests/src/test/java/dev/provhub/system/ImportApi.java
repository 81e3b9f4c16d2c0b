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
        return start(Deployment.ORG, fileName, file.csv());
    }

    /** Uploads {@code csv} for import into organisation {@code org}; returns the queued run's id. */
    String start(String org, String fileName, String csv) throws Exception {
        return queued(replica.postCsv("/api/imports?org=" + URLEncoder.encode(org, StandardCharsets.UTF_8)
                + "&fileName=" + fileName, csv, token));
    }
}
