package dev.provhub.m365sim.identity;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.http.GraphJson;

/** The identity platform's error body: {@code error}, {@code error_description} with the AADSTS code, ids. */
public final class IdentityErrors {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private IdentityErrors() {
    }

    public static ObjectNode body(IdentityException error, String correlationId, Instant now) {
        String traceId = UUID.randomUUID().toString();
        ObjectNode body = GraphJson.object();
        body.put("error", error.error());
        body.put("error_description", "AADSTS" + error.aadsts() + ": " + error.getMessage() + "\r\nTrace ID: "
                + traceId + "\r\nCorrelation ID: " + correlationId + "\r\nTimestamp: " + TIMESTAMP.format(now));
        body.putArray("error_codes").add(error.aadsts());
        body.put("timestamp", TIMESTAMP.format(now));
        body.put("trace_id", traceId);
        body.put("correlation_id", correlationId);
        body.put("error_uri", "https://login.microsoftonline.com/error?code=" + error.aadsts());
        return body;
    }
}
