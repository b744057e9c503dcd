package io.llmq.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmq.simulator.batch.BatchSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Anthropic's Message Batches and Gemini's batch mode in the simulator, as the bytes an SDK would see. */
class MessageBatchesAndBatchModeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProviderSimulator simulator = ProviderSimulator.start(SimulatorConfig.defaults()
            .withBatches(BatchSettings.defaults().withDelay(Duration.ofMillis(200))));
    private final SimulatorClient client = new SimulatorClient(simulator);

    @AfterEach
    void stop() {
        client.close();
        simulator.close();
    }

    @Test
    void shouldServeAMessageBatchWithRfc3339TimesAnAbsoluteResultsUrlAndOneResultLinePerRequest() throws Exception {
        var created = client.post("/v1/messages/batches", """
                {"requests": [
                  {"custom_id": "a", "params": {"model": "claude-x", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]}},
                  {"custom_id": "b", "params": {"model": "claude-x", "messages": [{"role": "user", "content": "no max_tokens"}]}}]}
                """);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        var id = created.json().path("id").asText();
        assertThat(id).startsWith("msgbatch_");
        assertThat(created.json().path("processing_status").asText()).isEqualTo("in_progress");
        Instant.parse(created.json().path("expires_at").asText());

        var ended = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> client.get("/v1/messages/batches/" + id).json(), b -> b.path("processing_status").asText().equals("ended"));
        var resultsUrl = ended.path("results_url").asText();
        assertThat(resultsUrl).as("absolute, where the client reached the simulator")
                .isEqualTo(simulator.baseUrl() + "/v1/messages/batches/" + id + "/results");
        assertThat(ended.at("/request_counts/succeeded").asInt()).isEqualTo(1);
        assertThat(ended.at("/request_counts/errored").asInt()).isEqualTo(1);

        var lines = client.get(resultsUrl.substring(resultsUrl.indexOf("/v1/"))).body().strip().split("\n");
        assertThat(lines).hasSize(2);
        var byId = new HashMap<String, JsonNode>();
        for (var line : lines) {
            var node = JSON.readTree(line);
            byId.put(node.path("custom_id").asText(), node.path("result"));
        }
        assertThat(byId.get("a").path("type").asText()).isEqualTo("succeeded");
        assertThat(byId.get("a").at("/message/usage/output_tokens").asInt()).isPositive();
        assertThat(byId.get("b").path("type").asText()).isEqualTo("errored");
        assertThat(byId.get("b").at("/error/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(client.get("/v1/messages/batches?limit=5").json().path("data").get(0).path("id").asText()).isEqualTo(id);
    }

    @Test
    void shouldServeAGeminiBatchAsAnOperationWithInlinedResponsesInInputOrder() throws Exception {
        var created = client.post("/v1beta/models/gemini-x:batchGenerateContent", """
                {"batch": {"display_name": "k-1", "input_config": {"requests": {"requests": [
                  {"request": {"contents": [{"role": "user", "parts": [{"text": "one"}]}]}, "metadata": {"key": "r1"}},
                  {"request": {"contents": []}, "metadata": {"key": "r2"}}]}}}}
                """);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        var name = created.json().path("name").asText();
        assertThat(name).startsWith("batches/");
        // the 200 ms delay may have moved it on by the time the answer is read, on a busy machine
        assertThat(created.json().at("/metadata/state").asText()).isIn("BATCH_STATE_PENDING", "BATCH_STATE_RUNNING");
        assertThat(created.json().at("/metadata/batchStats/requestCount").asText()).isEqualTo("2");

        var done = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> client.get("/v1beta/" + name).json(), op -> op.path("done").asBoolean());
        var items = done.at("/response/inlinedResponses/inlinedResponses");

        assertThat(done.at("/metadata/state").asText()).isEqualTo("BATCH_STATE_SUCCEEDED");
        assertThat(done.at("/metadata/displayName").asText()).isEqualTo("k-1");
        assertThat(items.get(0).at("/metadata/key").asText()).isEqualTo("r1");
        assertThat(items.get(0).at("/response/usageMetadata/promptTokenCount").asInt()).isPositive();
        assertThat(items.get(1).at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(client.get("/v1beta/batches").json().at("/operations/0/name").asText()).isEqualTo(name);
        assertThat(client.post("/v1beta/" + name + ":cancel", "{}").status()).isEqualTo(200);
        assertThat(client.get("/v1beta/batches/nope").status()).isEqualTo(404);
    }
}
