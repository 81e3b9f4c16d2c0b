package dev.provhub.m365sim.http;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes errors as Microsoft Graph does (see the documentation's "Error responses" page). */
public final class GraphErrors {

    private GraphErrors() {
    }

    public static GraphResponse response(GraphException error, GraphRequest request, Instant now) {
        GraphResponse response = response(error.status(), error.code(), error.getMessage(), request.requestId(),
                request.clientRequestId(), now, error.headers());
        if (!error.innerError().isEmpty()) {
            ObjectNode inner = (ObjectNode) response.jsonBody().path("error").path("innerError");
            error.innerError().forEach(inner::put);
            return GraphResponse.json(error.status(), response.jsonBody()).headers(response.headers());
        }
        return response;
    }

    public static GraphResponse response(int status, String code, String message, String requestId,
            String clientRequestId, Instant now, java.util.Map<String, String> headers) {
        ObjectNode inner = GraphJson.object();
        inner.put("date", GraphJson.errorDate(now));
        inner.put("request-id", requestId);
        inner.put("client-request-id", clientRequestId);
        ObjectNode error = GraphJson.object();
        error.put("code", code);
        error.put("message", message);
        error.set("innerError", inner);
        ObjectNode body = GraphJson.object();
        body.set("error", error);
        GraphResponse response = GraphResponse.json(status, body);
        headers.forEach(response::header);
        return response;
    }
}
