package dev.provhub.httpapi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The one error shape of every provhub API: an RFC 9457 problem detail ({@code application/problem+json}) with
 * {@code type}, {@code title}, {@code status}, {@code detail}, and extension members where a client can act on them
 * ({@code attribute} for an invalid setting, {@code running} for the run in the way, {@code correlationId} for an
 * unexpected error).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "type", "title", "status", "detail" })
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";

    private final String title;
    private final int status;
    private final String detail;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    private Problem(int status, String title, String detail) {
        this.status = status;
        this.title = title;
        this.detail = detail;
    }

    /** A problem of {@code status} with a short, fixed {@code title} and a {@code detail} for this occurrence. */
    public static Problem of(int status, String title, String detail) {
        return new Problem(status, title, detail);
    }

    /** Adds an extension member; a null value is left out. */
    public Problem with(String name, Object value) {
        if (value != null) {
            extensions.put(name, value);
        }
        return this;
    }

    /** The problem as a response with the problem media type. */
    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }

    /** Problems have no documentation pages of their own (RFC 9457 section 4.2.1). */
    public String getType() {
        return "about:blank";
    }

    public String getTitle() {
        return title;
    }

    public int getStatus() {
        return status;
    }

    public String getDetail() {
        return detail;
    }

    @JsonAnyGetter
    public Map<String, Object> getExtensions() {
        return Collections.unmodifiableMap(extensions);
    }
}
