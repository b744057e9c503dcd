package io.llmq.standalone.providers;

import io.llmq.schema.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A model nothing serves, on real Kafka and PostgreSQL: new batches naming it are refused with
 * {@code MODEL_UNAVAILABLE} in every dialect, switching off the last deployment of a model with
 * queued jobs is refused (unless forced), and forced, its jobs park and resume when a deployment
 * is enabled again.
 */
class ModelUnavailableTest {
    private static final String CATALOGUE = """
            deployments:
              - { name: unavailable-off, provider: openai, base_url: "${LLMQ_SIMULATOR_URL}/v1" }
              - { name: unavailable-held, provider: openai, base_url: "${LLMQ_SIMULATOR_URL}/v1" }
            models:
              - { id: m-switched-off, deployment: unavailable-off, price: { input: 1.00, output: 2.00 } }
              - { id: m-held, deployment: unavailable-held, price: { input: 1.00, output: 2.00 } }
            """;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ProviderHarness harness;
    private static CatalogueAdmin admin;

    @BeforeAll
    static void start() throws Exception {
        harness = CatalogueAdmin.harness(CATALOGUE, 1);
        admin = new CatalogueAdmin(harness.stack);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(harness.stack.baseUrl() + path))
                .header("Authorization", "Bearer " + harness.stack.apiKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldRefuseCreatesForAModelWithNoEnabledDeploymentInEachDialect() throws Exception {
        admin.patchDeployment("unavailable-off", "{\"enabled\": false}");
        try {
            var status = harness.get("/v1/models/m-switched-off/status");
            assertThat(status.path("available").asBoolean(true)).isFalse();
            assertThat(status.path("reason").asText()).isEqualTo("all_deployments_disabled");

            var line = "{\"custom_id\":\"x\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"m-switched-off\","
                    + "\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n";
            var file = harness.api.uploadBatchFile("off.jsonl", line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            var openAi = post("/v1/batches", "{\"input_file_id\":\"" + file.path("id").asText()
                    + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}");
            assertThat(openAi.statusCode()).isEqualTo(503);
            var error = Json.MAPPER.readTree(openAi.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("MODEL_UNAVAILABLE");
            assertThat(error.path("param").asText()).isEqualTo("model");
            assertThat(error.path("message").asText()).contains("m-switched-off");

            var anthropic = post("/v1/messages/batches", "{\"requests\":[{\"custom_id\":\"x\",\"params\":{\"model\":\"m-switched-off\","
                    + "\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}]}");
            assertThat(anthropic.statusCode()).isEqualTo(503);
            assertThat(Json.MAPPER.readTree(anthropic.body()).at("/error/type").asText()).isEqualTo("overloaded_error");
            assertThat(harness.count("SELECT count(*) FROM batches WHERE model = ?", "m-switched-off")).isZero();
        } finally {
            admin.patchDeployment("unavailable-off", "{\"enabled\": true}");
        }
    }

    @Test
    void shouldRefuseToStrandQueuedJobsAndWhenForcedParkThemUntilADeploymentIsEnabled() throws Exception {
        // the jobs wait for a pause of their deployment to end, as after a provider's 429: queued, not finished
        harness.pause("unavailable-held", Duration.ofSeconds(8));
        // the workers read shared pauses every 250 ms; give the view four refreshes before the jobs come
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
        var batch = harness.submit("held", 10, "m-held", Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> "in_progress".equals(harness.api.batch(batch).path("status").asText()));

        var refused = admin.send("PATCH", "/admin/deployments/unavailable-held", "{\"enabled\": false}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("MODEL_HAS_QUEUED_JOBS");
        assertThat(refused.param()).isEqualTo("enabled");
        assertThat(refused.body().at("/error/message").asText()).contains("m-held").contains("10 of its jobs");

        var forced = admin.send("PATCH", "/admin/deployments/unavailable-held?force=true", "{\"enabled\": false}");
        assertThat(forced.status()).isEqualTo(200);
        admin.awaitWorkers(forced.body().path("catalogue_version").asLong(), Duration.ofSeconds(5));
        // when the pause ends, each job finds its deployment switched off and parks instead of calling it
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> harness.count(
                "SELECT count(*) FROM parked_jobs WHERE reason = 'model_unavailable' AND batch_id = ?", batch) == 10);
        assertThat(harness.results(batch)).isEmpty();

        admin.patchDeployment("unavailable-held", "{\"enabled\": true}");
        var done = harness.awaitDone(batch, Duration.ofSeconds(60));
        assertThat(done.path("request_counts").path("completed").asInt()).isEqualTo(10);
        assertThat(harness.results(batch)).allSatisfy(r -> assertThat(r.deployment()).isEqualTo("unavailable-held"));
    }
}
