package dev.provhub.m365sim.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal in Microsoft Graph's shape: the status, the error {@code code} and {@code message}; written as
 * {@code {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}} by
 * {@link GraphErrors}.
 */
public class GraphException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> innerError = new LinkedHashMap<>();

    public GraphException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static GraphException badRequest(String code, String message) {
        return new GraphException(400, code, message);
    }

    /** The advanced-query refusal: {@code Request_UnsupportedQuery}. */
    public static GraphException unsupportedQuery(String message) {
        return new GraphException(400, "Request_UnsupportedQuery", message);
    }

    public static GraphException notFound(String id) {
        return new GraphException(404, "Request_ResourceNotFound",
                "Resource '" + id + "' does not exist or one of its queried reference-property objects are not present.");
    }

    public GraphException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** A further property of {@code innerError} (a throttled request's {@code code}, {@code message}, {@code status}). */
    public GraphException withInnerError(String name, String value) {
        innerError.put(name, value);
        return this;
    }

    public Map<String, String> innerError() {
        return innerError;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
