package dev.provhub.scim.sending;

import java.time.Duration;

/**
 * What {@code /bulkUpload} answered: 202 with the provisioning logs' {@code Location}, 429 with a
 * {@code Retry-After}, 500 "bucket is full", another refusal with Graph's message; or nothing at all (status 0: the
 * connection broke or timed out, so whether Microsoft received the request is unknown).
 */
public record BulkUploadAnswer(int status, String location, Duration retryAfter, String message) {

    public boolean accepted() {
        return status == 202;
    }

    public boolean unknown() {
        return status == 0;
    }

    public boolean throttled() {
        return status == 429;
    }

    /** 500 with "bucket ... is full": the job's queue takes nothing now (paused, quarantined or failing). */
    public boolean bucketFull() {
        return status == 500 && message != null && message.toLowerCase().contains("bucket");
    }
}
