package dev.provhub.scim.sending;

import java.time.Duration;

/**
 * What {@code /bulkUpload} answered: 202 with the provisioning logs' {@code Location}, 429 or 503 with a
 * {@code Retry-After}, 500 "bucket is full", another refusal with Graph's message; or nothing that says whether
 * Microsoft took the request (status 0: the connection broke or timed out; 502 and 504: a gateway between gave up,
 * perhaps after passing it on).
 */
public record BulkUploadAnswer(int status, String location, Duration retryAfter, String message) {

    public boolean accepted() {
        return status == 202;
    }

    /** Whether Microsoft may have received the request: only the provisioning logs can tell. */
    public boolean unknown() {
        return status == 0 || status == 502 || status == 504;
    }

    /**
     * 429 Too Many Requests or 503 Service Unavailable: not taken, to be sent again after {@code Retry-After}
     * (Microsoft Graph's throttling guidance treats both so).
     */
    public boolean throttled() {
        return status == 429 || status == 503;
    }

    /** 500 with "bucket ... is full": the job's queue takes nothing now (paused, quarantined or failing). */
    public boolean bucketFull() {
        return status == 500 && message != null && message.toLowerCase().contains("bucket");
    }
}
