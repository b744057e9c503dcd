package io.llmq.standalone.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import io.llmq.submitter.http.Dialect;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /openapi.json} describes every route the running api-submitter registered, with that
 * method, and nothing it does not serve; it is a valid OpenAPI 3.1 document whose references all
 * resolve, and each error is described in the shape ({@link Dialect}) its path really answers with.
 * Adding a route without describing it fails here.
 */
class OpenApiDocumentTest {
    /**
     * Left out on purpose: the browser pages (HTML behind a session cookie and a login form, their
     * static assets and their download links) and the redirect from {@code /} to them. They are
     * a user interface, not an API a client is generated for; docs/api.md lists them.
     */
    private static final Predicate<String> BROWSER_PAGES = route -> {
        var path = route.substring(route.indexOf(' ') + 1);
        return path.equals("/") || path.equals("/ui") || path.startsWith("/ui/");
    };

    private static final Map<Dialect, String> ERROR_SCHEMAS = Map.of(
            Dialect.OPENAI, "OpenAiStyleError", Dialect.ANTHROPIC, "AnthropicError", Dialect.NATIVE, "LlmqError");

    private static final Set<String> OPS_OWN_BODIES = Set.of("/health", "/metrics");

    private static Stack stack;
    private static Http.Answer served;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ZERO), TestEngines.sharedKafka(), TestEngines.sharedPostgres());
        served = Http.to(stack.baseUrl()).get("/openapi.json");
        assertThat(served.status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldDescribeEveryRouteTheSubmitterServesWithItsMethodAndNoOther() throws Exception {
        var routes = new TreeSet<String>();
        stack.submitterRoutes().stream().filter(BROWSER_PAGES.negate()).map(OpenApiPaths::shapeRoute).forEach(routes::add);
        assertThat(routes).as("the submitter's routes").contains("POST /v1/batches", "GET /health");

        var documented = OpenApiPaths.operations(served.json());
        var undocumented = new TreeSet<>(routes);
        undocumented.removeAll(documented);
        var notServed = new TreeSet<>(documented);
        notServed.removeAll(routes);
        assertThat(undocumented).as("served but missing from openapi.json").isEmpty();
        assertThat(notServed).as("in openapi.json but not served").isEmpty();
    }

    @Test
    void shouldBeAValidOpenApiDocumentWhoseReferencesAllResolve() throws Exception {
        var options = new ParseOptions();
        options.setResolve(false);
        var parsed = new OpenAPIV3Parser().readContents(served.text(), null, options);
        assertThat(parsed.getOpenAPI()).as("parsed").isNotNull();
        assertThat(parsed.getMessages()).as("parser messages").isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.1");

        var doc = served.json();
        var unresolved = new ArrayList<String>();
        for (var ref : OpenApiPaths.references(doc)) {
            if (!ref.startsWith("#/") || doc.at(ref.substring(1)).isMissingNode()) {
                unresolved.add(ref);
            }
        }
        assertThat(unresolved).as("$refs that point nowhere in the document").isEmpty();
    }

    @Test
    void shouldGiveEveryOperationAUniqueIdASummaryItsPathParametersAndItsErrors() throws Exception {
        var doc = served.json();
        var ids = new HashSet<String>();
        List<String> problems = new ArrayList<>();
        OpenApiPaths.eachOperation(doc, op -> {
            var id = op.node().path("operationId").asText("");
            if (id.isBlank() || !ids.add(id)) {
                problems.add(op.name() + ": operationId missing or used twice");
            }
            if (op.node().path("summary").asText("").isBlank()) {
                problems.add(op.name() + ": no summary");
            }
            if (!new TreeSet<>(OpenApiPaths.templateNames(op.path())).equals(new TreeSet<>(op.declaredPathParameters(doc)))) {
                problems.add(op.name() + ": path parameters " + op.declaredPathParameters(doc) + " do not match the template");
            }
            if (!hasSuccess(op.node().path("responses"))) {
                problems.add(op.name() + ": no 2xx or 3xx response");
            }
            if (secured(doc, op.node()) && !op.node().path("responses").has("401")) {
                problems.add(op.name() + ": needs a key but documents no 401");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldDescribeEachErrorInTheShapeItsPathAnswersWith() throws Exception {
        var doc = served.json();
        List<String> wrong = new ArrayList<>();
        OpenApiPaths.eachOperation(doc, op -> op.node().path("responses").properties().forEach(response -> {
            var schema = response.getValue().at("/content/application~1json/schema/$ref").asText("");
            // OpsRoutes writes these two itself: /health's 503 is its status, /metrics' 401 plain text for Prometheus
            var isError = (response.getKey().startsWith("4") || response.getKey().startsWith("5")) && !OPS_OWN_BODIES.contains(op.path());
            // template braces dropped, so Dialect sees the path as a client sends it
            var expected = "#/components/schemas/" + ERROR_SCHEMAS.get(Dialect.of(op.path().replaceAll("[{}]", "")));
            if (isError && !schema.equals(expected)) {
                wrong.add(op.name() + " " + response.getKey() + ": " + schema + ", the server answers " + expected);
            }
        }));
        assertThat(wrong).isEmpty();
    }

    private static boolean hasSuccess(JsonNode responses) {
        var codes = new ArrayList<String>();
        responses.fieldNames().forEachRemaining(codes::add);
        return codes.stream().anyMatch(code -> code.startsWith("2") || code.startsWith("3"));
    }

    /** An operation is secured unless it says {@code security: []}; the document's default asks for a key. */
    private static boolean secured(JsonNode doc, JsonNode operation) {
        var security = operation.has("security") ? operation.get("security") : doc.path("security");
        return !security.isEmpty();
    }
}
