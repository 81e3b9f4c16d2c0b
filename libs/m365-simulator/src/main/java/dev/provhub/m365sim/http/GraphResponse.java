package dev.provhub.m365sim.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** A response before it is written: status, headers and body bytes. */
public final class GraphResponse {

    /** The content type Graph gives its JSON responses. */
    public static final String ODATA_JSON = "application/json;odata.metadata=minimal;odata.streaming=true;"
            + "IEEE754Compatible=false;charset=utf-8";

    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final byte[] body;
    private JsonNode json;

    private GraphResponse(int status, byte[] body) {
        this.status = status;
        this.body = body;
    }

    public static GraphResponse json(int status, JsonNode body) {
        var response = new GraphResponse(status, GraphJson.bytes(body));
        response.json = body;
        return response.header("Content-Type", ODATA_JSON);
    }

    public static GraphResponse ok(JsonNode body) {
        return json(200, body);
    }

    public static GraphResponse empty(int status) {
        return new GraphResponse(status, new byte[0]);
    }

    public static GraphResponse text(int status, String body) {
        return new GraphResponse(status, body.getBytes(StandardCharsets.UTF_8)).header("Content-Type",
                "text/plain;charset=utf-8");
    }

    /** Raw bytes with a content type: for bodies that must not be valid JSON (fault injection). */
    public static GraphResponse raw(int status, String contentType, byte[] body) {
        return new GraphResponse(status, body).header("Content-Type", contentType);
    }

    public GraphResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Copies headers (after those already set). */
    public GraphResponse headers(Map<String, String> more) {
        more.forEach(headers::putIfAbsent);
        return this;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }

    /** The body as JSON when it was made from JSON (batch responses embed it), else null. */
    public JsonNode jsonBody() {
        return json;
    }
}
