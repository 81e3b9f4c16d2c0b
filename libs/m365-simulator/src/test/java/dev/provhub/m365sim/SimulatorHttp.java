package dev.provhub.m365sim;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import dev.provhub.m365sim.http.GraphJson;
import dev.provhub.m365sim.tenant.TenantFixtureBuilder.ApplicationFixture;

/** Plain HTTPS calls to the simulator, for the cases the SDK hides: exact status codes, headers and bodies. */
final class SimulatorHttp {

    private final M365Simulator simulator;
    private final HttpClient client;

    SimulatorHttp(M365Simulator simulator) {
        this.simulator = simulator;
        this.client = HttpClient.newBuilder()
                .sslContext(GraphSdkClients.sslContext(GraphSdkClients.trustManager(simulator.trustStore())))
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** @param headers more request headers, as name, value, name, value... */
    HttpResponse<String> token(Map<String, String> form, String... headers) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static Map<String, String> secretForm(ApplicationFixture application) {
        var form = new LinkedHashMap<String, String>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", application.appId());
        form.put("client_secret", application.secret());
        form.put("scope", "https://graph.microsoft.com/.default");
        return form;
    }

    String accessToken(ApplicationFixture application) {
        HttpResponse<String> response = token(secretForm(application));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("no token: " + response.body());
        }
        return json(response).path("access_token").asText();
    }

    /** GET {@code /v1.0<path>} with a bearer token and extra header name/value pairs. */
    HttpResponse<String> get(String path, String token, String... headers) {
        return send("GET", simulator.graphUrl() + path, token, null, null, headers);
    }

    HttpResponse<String> send(String method, String url, String token, String contentType, String body,
            String... headers) {
        var request = HttpRequest.newBuilder(URI.create(url.replace(" ", "%20").replace("\"", "%22")));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return send(request.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return GraphJson.parse(response.body());
    }

    /** The Graph error code of an error response. */
    static String errorCode(HttpResponse<String> response) {
        return json(response).path("error").path("code").asText();
    }
}
