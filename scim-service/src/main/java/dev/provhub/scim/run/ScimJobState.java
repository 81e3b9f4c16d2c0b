package dev.provhub.scim.run;

/** Where a SCIM job is between and during its passes. */
public enum ScimJobState {
    /** Accepted, its first pass not started. */
    QUEUED,
    /** Reading the CSV, mapping, detecting changes, building requests. */
    PREPARING,
    /** Sending its requests, paced. */
    SENDING,
    /** Waiting until {@code resumeAt}: the daily quota, a full bucket, a long Retry-After, a call to reconcile. */
    WAITING,
    /** Everything sent; reading the provisioning logs until every record has an outcome. */
    FOLLOWING_LOGS,
    /** Every record sent succeeded in the logs (or was unchanged). */
    COMPLETED,
    /** Done, but records were refused or failed: see the items. */
    COMPLETED_WITH_ERRORS,
    /** Refused whole (an invalid mapping, an unreadable file, no provisioning job) or broken off. */
    FAILED;

    public boolean finished() {
        return this == COMPLETED || this == COMPLETED_WITH_ERRORS || this == FAILED;
    }
}
