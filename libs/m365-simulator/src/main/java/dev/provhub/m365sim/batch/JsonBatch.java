package dev.provhub.m365sim.batch;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.http.GraphException;
import dev.provhub.m365sim.http.GraphJson;
import dev.provhub.m365sim.http.GraphPipeline;
import dev.provhub.m365sim.http.GraphRequest;
import dev.provhub.m365sim.http.GraphResponse;

/**
 * {@code POST /$batch} (JSON batching): up to 20 requests, each with a unique {@code id}, a {@code method}, a
 * relative {@code url}, optional {@code headers} and {@code body} (which needs a {@code Content-Type}) and
 * {@code dependsOn}. Steps run in order through the same pipeline as single requests, so each is authorised,
 * throttled (its own 429 and {@code Retry-After}) and journaled on its own; a step whose dependency failed answers
 * 424. The batch itself answers 200 once its envelope is valid.
 */
public final class JsonBatch {

    public static final int MAX_REQUESTS = 20;

    private final GraphPipeline pipeline;

    public JsonBatch(GraphPipeline pipeline) {
        this.pipeline = pipeline;
    }

    public GraphResponse handle(GraphRequest batch) {
        String contentType = batch.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            throw invalid("A batch request must have Content-Type application/json.");
        }
        JsonNode envelope;
        try {
            envelope = GraphJson.parse(batch.body());
        } catch (IOException e) {
            throw invalid("Invalid batch payload format: the body is not JSON.");
        }
        JsonNode requests = envelope == null ? null : envelope.get("requests");
        if (requests == null || !requests.isArray() || requests.isEmpty()) {
            throw invalid("Invalid batch payload format: 'requests' must be a non-empty array.");
        }
        if (requests.size() > MAX_REQUESTS) {
            throw invalid("Number of batch requests (" + requests.size() + ") exceeds the limit of " + MAX_REQUESTS
                    + ".");
        }
        checkSteps(requests);
        var statuses = new HashMap<String, Integer>();
        ObjectNode body = GraphJson.object();
        ArrayNode responses = body.putArray("responses");
        for (JsonNode step : requests) {
            String id = step.get("id").asText();
            ObjectNode result = responses.addObject();
            result.put("id", id);
            GraphResponse response = failedDependency(step, statuses);
            if (response == null) {
                response = pipeline.handle(request(step, batch), true);
            }
            statuses.put(id, response.status());
            result.put("status", response.status());
            ObjectNode headers = result.putObject("headers");
            response.headers().forEach(headers::put);
            if (response.jsonBody() != null) {
                result.set("body", response.jsonBody());
            } else if (response.body().length > 0) {
                result.put("body", new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return GraphResponse.ok(body);
    }

    private static void checkSteps(JsonNode requests) {
        Set<String> ids = new HashSet<>();
        for (JsonNode step : requests) {
            String id = text(step, "id");
            if (id == null || id.isBlank()) {
                throw invalid("Every batch request needs an 'id'.");
            }
            if (!ids.add(id)) {
                throw invalid("Batch request ids must be unique; '" + id + "' appears more than once.");
            }
            if (text(step, "method") == null) {
                throw invalid("Batch request '" + id + "' needs a 'method'.");
            }
            String url = text(step, "url");
            if (url == null || url.startsWith("http:") || url.startsWith("https:")) {
                throw invalid("Batch request '" + id + "' needs a relative 'url'.");
            }
            if (step.hasNonNull("body") && header(step, "Content-Type") == null) {
                throw invalid("Batch request '" + id + "' has a body but no Content-Type header.");
            }
        }
        for (JsonNode step : requests) {
            for (JsonNode dependency : step.path("dependsOn")) {
                if (!ids.contains(dependency.asText())) {
                    throw invalid("Batch request '" + step.get("id").asText() + "' depends on '"
                            + dependency.asText() + "', which is not in the batch.");
                }
            }
        }
    }

    private static GraphResponse failedDependency(JsonNode step, Map<String, Integer> statuses) {
        for (JsonNode dependency : step.path("dependsOn")) {
            Integer status = statuses.get(dependency.asText());
            if (status == null || status < 200 || status > 299) {
                ObjectNode error = GraphJson.object();
                ObjectNode inner = error.putObject("error");
                inner.put("code", "FailedDependency");
                inner.put("message", "The request '" + dependency.asText() + "' it depends on "
                        + (status == null ? "did not run before it." : "failed."));
                return GraphResponse.json(424, error);
            }
        }
        return null;
    }

    private static GraphRequest request(JsonNode step, GraphRequest batch) {
        var headers = new LinkedHashMap<String, String>();
        String authorization = batch.header("Authorization");
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = step.path("headers").fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            headers.put(field.getKey(), field.getValue().asText());
        }
        JsonNode body = step.get("body");
        byte[] bytes = body == null || body.isNull() ? new byte[0]
                : body.isTextual() ? body.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8)
                        : GraphJson.bytes(body);
        String url = step.get("url").asText();
        return GraphRequest.of(step.get("method").asText(), batch.version(), url.startsWith("/") ? url : "/" + url,
                headers, bytes, UUID.randomUUID().toString(), batch.clientRequestId());
    }

    private static String header(JsonNode step, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = step.path("headers").fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue().asText();
            }
        }
        return null;
    }

    private static String text(JsonNode step, String name) {
        JsonNode value = step.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static GraphException invalid(String message) {
        return GraphException.badRequest("BadRequest", message);
    }
}
