package dev.provhub.m365sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.http.GraphJson;

/**
 * Replays the example requests of Microsoft's Graph documentation (kept in {@code src/test/resources/msgraph-docs},
 * CC-BY-4.0, one file per page) against a tenant holding the pages' example objects, and checks that each answer
 * has the documented status, content type and headers, and the documented JSON shape: every key the page shows,
 * with a value of the same JSON type (values themselves may differ; a documented {@code null} takes any type; a
 * documented array's first element is compared with the answer's first). Error examples must also carry the
 * documented error code. Keys a page shows that the simulator does not produce are listed in the file with the
 * reason, so each difference is visible.
 *
 * <p>
 * An example may also name another of the fixture's {@code application}s to call as, set {@code settings} (a
 * {@code resourceUnitLimit}), send {@code setup} requests first, {@code follow} the answer's
 * {@code @odata.nextLink} or {@code @odata.deltaLink} (making its {@code changes} to the directory before a delta
 * link), list keys that must be {@code absent}, and pin {@code values} (by JSON pointer) where the page's text
 * gives the value a rule decides. A documented array element is compared
 * with the answer's element of the same {@code id} where there is one; a batch's responses are matched by {@code id},
 * status included.
 */
class DocumentationConformanceTest {

    static M365Simulator simulator;
    static SimulatorHttp http;

    @BeforeAll
    static void start() throws IOException {
        simulator = M365Simulator.start((ObjectNode) GraphJson.parse(Files.readString(docs().resolve("tenant.json"))));
        http = new SimulatorHttp(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    static Path docs() {
        try {
            return Path.of(DocumentationConformanceTest.class.getResource("/msgraph-docs/tenant.json").toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> examples() throws IOException {
        var examples = new ArrayList<Arguments>();
        try (var files = Files.list(docs())) {
            for (Path file : files.sorted().toList()) {
                if (!file.getFileName().toString().endsWith(".json") || file.endsWith("tenant.json")) {
                    continue;
                }
                JsonNode page = GraphJson.parse(Files.readString(file));
                for (JsonNode example : page.path("examples")) {
                    examples.add(Arguments.of(page.path("page").asText() + " " + example.path("name").asText(),
                            example));
                }
            }
        }
        return examples.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void answersAsTheDocumentationShows(String name, JsonNode example) throws Exception {
        simulator.reset();
        JsonNode application = example.path("application");
        String token = http.accessToken(new dev.provhub.m365sim.tenant.TenantFixtureBuilder.ApplicationFixture(
                application.path("appId").asText("2a6b5f3c-1d4e-4f8a-9b0c-7d6e5f4a3b2c"), null,
                "documentation examples", application.path("secret").asText("docs-secret")));
        if (example.path("settings").has("resourceUnitLimit")) {
            simulator.settings().resourceUnitLimit(example.path("settings").path("resourceUnitLimit").asInt());
        }
        for (JsonNode setup : example.path("setup")) {
            assertThat(send(setup, token).statusCode()).as("setup of " + name).isLessThan(300);
        }
        assertThat(simulator.provisioning().awaitIdle(Duration.ofSeconds(10))).isTrue();

        HttpResponse<String> response = send(example.path("request"), token);
        String follow = example.path("request").path("follow").asText(null);
        if (follow != null) {
            response = follow(example, follow, response, token);
        }

        JsonNode documented = example.path("response");
        assertThat(response.statusCode()).as(name + ": " + response.body()).isEqualTo(documented.path("status")
                .asInt());
        if (documented.hasNonNull("contentType")) {
            assertThat(response.headers().firstValue("Content-Type").orElse("")).as(name)
                    .startsWith(documented.path("contentType").asText());
        }
        for (JsonNode header : example.path("expectHeaders")) {
            assertThat(response.headers().firstValue(header.asText())).as(name + " header " + header).isPresent();
        }
        JsonNode notSimulated = example.path("notSimulated");
        JsonNode body = documented.get("body");
        if (body == null || body.isNull() || notSimulated.has("body")) {
            return;
        }
        if (body.isTextual()) {
            assertThat(response.body().trim()).as(name).matches("\\d+");
            return;
        }
        JsonNode answer = SimulatorHttp.json(response);
        var problems = new ArrayList<String>();
        compare(body, answer, "", notSimulated, problems);
        assertThat(problems).as(name + " differs from the documentation; answer was " + answer).isEmpty();
        example.path("values").fields().forEachRemaining(value -> assertThat(answer.at(value.getKey()))
                .as(name + " " + value.getKey()).isEqualTo(value.getValue()));
        for (JsonNode absent : example.path("absent")) {
            assertThat(answer.has(absent.asText())).as(name + " must not have " + absent).isFalse();
        }
        if (body.has("error") && !notSimulated.has("error.code")) {
            assertThat(answer.path("error").path("code").asText()).isEqualTo(body.path("error").path("code").asText());
        }
    }

    /**
     * A page that follows a link: {@code "follow": "@odata.nextLink"} requests the first answer's next page;
     * {@code "follow": "@odata.deltaLink"} follows next pages to the delta link, makes the example's {@code changes}
     * in the directory (as between two synchronisations), then requests the delta link. Headers are sent again.
     */
    private static HttpResponse<String> follow(JsonNode example, String link, HttpResponse<String> first,
            String token) throws IOException {
        HttpResponse<String> response = first;
        JsonNode page = SimulatorHttp.json(response);
        while (link.equals("@odata.deltaLink") && page.has("@odata.nextLink")) {
            response = get(page.path("@odata.nextLink").asText(), example.path("request"), token);
            page = SimulatorHttp.json(response);
        }
        assertThat(page.has(link)).as("the answer to follow has " + link + ": " + page).isTrue();
        for (JsonNode change : example.path("changes")) {
            var directory = simulator.directory();
            switch (change.path("change").asText()) {
                case "addMember" -> directory.addMember(change.path("group").asText(), change.path("member").asText());
                case "removeMember" -> directory.removeMember(change.path("group").asText(),
                        change.path("member").asText());
                case "update" -> directory.update(change.path("id").asText(), (ObjectNode) change.path("patch"));
                case "delete" -> directory.delete(change.path("id").asText());
                default -> throw new IllegalArgumentException("unknown change " + change);
            }
        }
        return get(page.path(link).asText(), example.path("request"), token);
    }

    private static HttpResponse<String> get(String url, JsonNode request, String token) {
        var headers = new ArrayList<String>();
        request.path("headers").fields().forEachRemaining(header -> {
            headers.add(header.getKey());
            headers.add(header.getValue().asText());
        });
        return http.send("GET", url, token, null, null, headers.toArray(String[]::new));
    }

    private static HttpResponse<String> send(JsonNode request, String token) {
        var headers = new ArrayList<String>();
        String contentType = null;
        for (Iterator<Map.Entry<String, JsonNode>> fields = request.path("headers").fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> header = fields.next();
            if (header.getKey().equalsIgnoreCase("Content-Type")) {
                contentType = header.getValue().asText();
            } else {
                headers.add(header.getKey());
                headers.add(header.getValue().asText());
            }
        }
        JsonNode body = request.get("body");
        return http.send(request.path("method").asText(), simulator.baseUrl() + request.path("url").asText(), token,
                contentType, body == null || body.isNull() ? null : body.toString(), headers.toArray(String[]::new));
    }

    /** Every documented key must be in the answer with a value of the same JSON type. */
    static void compare(JsonNode documented, JsonNode answer, String path, JsonNode notSimulated, List<String> problems) {
        if (documented.isNull()) {
            return;
        }
        if (answer == null || answer.isMissingNode()) {
            problems.add(path + ": missing");
            return;
        }
        if (documented.isObject()) {
            if (!answer.isObject()) {
                problems.add(path + ": expected an object, got " + answer.getNodeType());
                return;
            }
            documented.fields().forEachRemaining(field -> {
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (notSimulated.has(child)) {
                    return;
                }
                if (isNextOrDeltaLink(field.getKey())) {
                    if (!answer.has("@odata.nextLink") && !answer.has("@odata.deltaLink")) {
                        problems.add(child + ": neither @odata.nextLink nor @odata.deltaLink");
                    }
                    return;
                }
                compare(field.getValue(), answer.get(field.getKey()), child, notSimulated, problems);
            });
        } else if (documented.isArray() && path.equals("responses")) {
            compareBatchResponses(documented, answer, notSimulated, problems);
        } else if (documented.isArray()) {
            if (!answer.isArray()) {
                problems.add(path + ": expected an array, got " + answer.getNodeType());
            } else if (!documented.isEmpty() && !answer.isEmpty()) {
                compare(documented.get(0), counterpart(documented.get(0), answer), path + "[]", notSimulated,
                        problems);
            }
        } else if (!answer.isNull() && documented.getNodeType() != answer.getNodeType()) {
            problems.add(path + ": expected " + documented.getNodeType() + ", got " + answer.getNodeType());
        } else if (answer.isNull() && !documented.isNull()) {
            problems.add(path + ": expected " + documented.getNodeType() + ", got null");
        }
    }

    /** The answer's element with the documented element's {@code id}, else the answer's first. */
    private static JsonNode counterpart(JsonNode documented, JsonNode answer) {
        if (documented.hasNonNull("id")) {
            for (JsonNode candidate : answer) {
                if (candidate.path("id").asText().equalsIgnoreCase(documented.path("id").asText())) {
                    return candidate;
                }
            }
        }
        return answer.get(0);
    }

    /**
     * A batch's responses may come in any order (json-batching.md): each documented response is compared with the
     * answer's response of the same {@code id}, status included; {@code responses[<id>]} in {@code notSimulated}
     * names a step the simulator cannot answer as documented.
     */
    private static void compareBatchResponses(JsonNode documented, JsonNode answer, JsonNode notSimulated,
            List<String> problems) {
        if (!answer.isArray()) {
            problems.add("responses: expected an array, got " + answer.getNodeType());
            return;
        }
        for (JsonNode step : documented) {
            String path = "responses[" + step.path("id").asText() + "]";
            if (notSimulated.has(path)) {
                continue;
            }
            JsonNode answered = null;
            for (JsonNode candidate : answer) {
                if (candidate.path("id").asText().equals(step.path("id").asText())) {
                    answered = candidate;
                }
            }
            if (answered == null) {
                problems.add(path + ": missing");
            } else if (answered.path("status").asInt() != step.path("status").asInt()) {
                problems.add(path + ".status: expected " + step.path("status") + ", got " + answered.path("status")
                        + " " + answered.path("body"));
            } else {
                compare(step, answered, path, notSimulated, problems);
                String code = step.path("body").path("error").path("code").asText(null);
                if (code != null && !notSimulated.has(path + ".body.error.code")
                        && !code.equals(answered.path("body").path("error").path("code").asText())) {
                    problems.add(path + ".body.error.code: expected " + code + ", got "
                            + answered.path("body").path("error").path("code"));
                }
            }
        }
    }

    private static boolean isNextOrDeltaLink(String key) {
        return key.equals("@odata.nextLink") || key.equals("@odata.deltaLink");
    }
}
