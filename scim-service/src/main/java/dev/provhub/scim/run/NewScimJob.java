package dev.provhub.scim.run;

import java.nio.file.Path;

/**
 * A SCIM job to start: the CSV file (a local copy, stored with the job so any replica can run it), the mapping
 * (null for the default one), CSV2SCIM's options, and where to send (null service principal: generate only).
 */
public record NewScimJob(Path csv, String csvName, String mappingName, String mapping, String namespace,
        String servicePrincipalId, String jobId, String tenantId, String clientId, String clientCertificate,
        boolean full, boolean restartService, boolean dryRun, String trigger, String requestedBy) {
}
