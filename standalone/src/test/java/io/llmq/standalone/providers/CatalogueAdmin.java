package io.llmq.standalone.providers;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Ids;
import io.llmq.schema.Json;
import io.llmq.standalone.Stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** The live catalogue's admin API as an operator calls it, and the wait for every worker to run by a version. */
final class CatalogueAdmin {
    static final String ADMIN_KEY = "admin-key-" + Ids.random(24);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One answer: its status and body. */
    record Answer(int status, JsonNode body) {
        String code() {
            return body.at("/error/code").asText();
        }

        String param() {
            return body.at("/error/details/0/param").asText();
        }
    }

    private final Stack stack;

    CatalogueAdmin(Stack stack) {
        this.stack = stack;
    }

    /** A stack on the shared engines with the test's catalogue and the admin API on. */
    static ProviderHarness harness(String catalogueYaml, int workers) throws Exception {
        return ProviderHarness.start(catalogueYaml, java.util.Map.of("LLMQ_ADMIN_KEY", ADMIN_KEY), workers, Duration.ofMillis(20));
    }

    Answer send(String method, String path, String json) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(stack.baseUrl() + path)).header("X-Admin-Key", ADMIN_KEY)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build();
        var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body().isEmpty() ? Json.object() : Json.MAPPER.readTree(response.body()));
    }

    /** Patches a deployment and returns the version it wrote; fails the test on a refusal. */
    long patchDeployment(String name, String json) throws IOException, InterruptedException {
        return written(send("PATCH", "/admin/deployments/" + name, json));
    }

    long patchModel(String id, String json) throws IOException, InterruptedException {
        return written(send("PATCH", "/admin/models/" + id, json));
    }

    long version() throws IOException, InterruptedException {
        return send("GET", "/admin/deployments", null).body().path("catalogue_version").asLong();
    }

    /** Polls until every worker of the stack runs by {@code version}: the change has reached them. Returns how long it took. */
    Duration awaitWorkers(long version, Duration atMost) {
        var from = System.nanoTime();
        await().atMost(atMost).pollInterval(Duration.ofMillis(20))
                .until(() -> stack.workers().stream().allMatch(w -> w.catalogueVersion() >= version));
        return Duration.ofNanos(System.nanoTime() - from);
    }

    private static long written(Answer answer) {
        if (answer.status() != 200) {
            throw new AssertionError("the admin API refused the change: " + answer.status() + " " + answer.body());
        }
        return answer.body().path("catalogue_version").asLong();
    }
}
