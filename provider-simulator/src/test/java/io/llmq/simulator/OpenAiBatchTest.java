package io.llmq.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmq.simulator.batch.BatchSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** OpenAI's Files and Batch APIs in the simulator, as the bytes an SDK would see. */
class OpenAiBatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LINE = "{\"custom_id\":\"%s\",\"method\":\"POST\",\"url\":\"%s\",\"body\":{\"model\":\"gpt-4o-mini\","
            + "\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hello %s\"}]}}\n";

    private final ProviderSimulator simulator = ProviderSimulator.start(SimulatorConfig.defaults()
            .withBatches(BatchSettings.defaults().withDelay(Duration.ofMillis(200))));
    private final HttpClient http = HttpClient.newHttpClient();
    private final SimulatorClient client = new SimulatorClient(simulator);

    @AfterEach
    void stop() {
        client.close();
        http.close();
        simulator.close();
    }

    @Test
    void shouldFailTheWholeBatchNamingTheLineWhenAUrlDoesNotMatchItsEndpoint() throws Exception {
        var file = upload(LINE.formatted("a", "/v1/chat/completions", 1) + LINE.formatted("b", "/v1/embeddings", 2));
        var batch = create(file.path("id").asText(), "24h");

        var ended = awaitEnd(batch.path("id").asText());

        assertThat(ended.path("status").asText()).isEqualTo("failed");
        assertThat(ended.at("/errors/data/0/line").asInt()).isEqualTo(2);
        assertThat(ended.at("/errors/data/0/code").asText()).isEqualTo("mismatched_endpoint");
        assertThat(ended.path("output_file_id").isNull()).isTrue();
        assertThat(simulator.bill().calls()).isZero();
    }

    @Test
    void shouldExpireABatchWhoseWindowIsShorterThanTheDelayAndBillOnlyWhatItAnswered() throws Exception {
        simulator.close();
        try (var slow = ProviderSimulator.start(SimulatorConfig.defaults()
                .withBatches(BatchSettings.defaults().withDelay(Duration.ofSeconds(30))));
             var slowClient = new SimulatorClient(slow)) {
            var file = upload(slow, LINE.formatted("a", "/v1/chat/completions", 1));
            var batch = create(slow, file.path("id").asText(), "1s");

            var ended = awaitEnd(slow, batch.path("id").asText());

            assertThat(ended.path("status").asText()).isEqualTo("expired");
            assertThat(ended.path("expired_at").isNumber()).isTrue();
            var errors = slowClient.get("/v1/files/" + ended.path("error_file_id").asText() + "/content").body();
            assertThat(JSON.readTree(errors.strip()).at("/error/code").asText()).isEqualTo("batch_expired");
            assertThat(slowClient.get("/sim/bill").json().path("batch_calls").asLong()).isZero();
        }
    }

    @Test
    void shouldWriteOutputLinesInOpenAisShapeAndBillThemAsBatchServed() throws Exception {
        var file = upload(LINE.formatted("a", "/v1/chat/completions", 1) + LINE.formatted("b", "/v1/chat/completions", 2));
        var batch = create(file.path("id").asText(), "24h");
        // the 200 ms delay may have moved it on by the time the answer is read, on a busy machine
        assertThat(batch.path("status").asText()).isIn("validating", "in_progress", "finalizing");
        assertThat(batch.at("/metadata/llmq_key").asText()).isEqualTo("k1");

        var ended = awaitEnd(batch.path("id").asText());
        var output = client.get("/v1/files/" + ended.path("output_file_id").asText() + "/content").body().strip().split("\n");

        assertThat(ended.path("status").asText()).isEqualTo("completed");
        assertThat(ended.path("error_file_id").isNull()).isTrue();
        assertThat(output).hasSize(2);
        var line = JSON.readTree(output[0]);
        assertThat(line.path("id").asText()).startsWith("batch_req_");
        assertThat(line.at("/response/status_code").asInt()).isEqualTo(200);
        assertThat(line.at("/response/body/object").asText()).isEqualTo("chat.completion");
        assertThat(line.path("error").isNull()).isTrue();
        var bill = client.get("/sim/bill").json();
        assertThat(bill.path("batch_calls").asLong()).isEqualTo(2);
        assertThat(bill.path("calls").asLong()).isEqualTo(2);
        assertThat(bill.path("batch_prompt_tokens").asLong()).isEqualTo(ended.at("/usage/input_tokens").asLong());
        assertThat(client.get("/sim/bill/calls").json().findValuesAsText("provider_batch_id")).containsOnly(batch.path("id").asText());
    }

    private JsonNode upload(String jsonl) throws IOException, InterruptedException {
        return upload(simulator, jsonl);
    }

    private JsonNode create(String fileId, String window) throws IOException {
        return create(simulator, fileId, window);
    }

    private JsonNode awaitEnd(String id) {
        return awaitEnd(simulator, id);
    }

    private JsonNode upload(ProviderSimulator target, String jsonl) throws IOException, InterruptedException {
        var body = "--b\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--b\r\nContent-Disposition: form-data;"
                + " name=\"file\"; filename=\"in.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n" + jsonl + "\r\n--b--\r\n";
        var response = http.send(HttpRequest.newBuilder(URI.create(target.baseUrl() + "/v1/files"))
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode create(ProviderSimulator target, String fileId, String window) throws IOException {
        try (var c = new SimulatorClient(target)) {
            var answer = c.post("/v1/batches", "{\"input_file_id\":\"" + fileId + "\",\"endpoint\":\"/v1/chat/completions\","
                    + "\"completion_window\":\"" + window + "\",\"metadata\":{\"llmq_key\":\"k1\"}}");
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            return answer.json();
        }
    }

    private static JsonNode awaitEnd(ProviderSimulator target, String id) {
        try (var c = new SimulatorClient(target)) {
            return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> c.get("/v1/batches/" + id).json(), b -> !b.path("status").asText().matches("validating|in_progress|finalizing|cancelling"));
        }
    }
}
