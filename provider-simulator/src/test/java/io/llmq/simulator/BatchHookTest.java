package io.llmq.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmq.simulator.batch.BatchCall;
import io.llmq.simulator.batch.BatchHook;
import io.llmq.simulator.batch.BatchSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The crash tests' seam: the batch APIs tell a hook where each create and each result download stands. */
class BatchHookTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LINE = "{\"custom_id\":\"j%d\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":"
            + "\"gpt-4o-mini\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hello %d\"}]}}\n";

    private final ProviderSimulator simulator = ProviderSimulator.start(SimulatorConfig.defaults()
            .withBatches(BatchSettings.defaults().withDelay(Duration.ofMillis(200))));
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        http.close();
        simulator.close();
    }

    @Test
    void shouldLoseACreateTheHookRefusesAndStoreNothingOfIt() throws Exception {
        simulator.hookBatches(new BatchHook() {
            @Override
            public boolean arrived(BatchCall call) {
                seen.add(call.endpoint() + " by " + call.clientKey());
                return !call.endpoint().equals("POST /v1/batches");
            }
        });
        var file = upload("w1", LINE.formatted(1, 1));

        var create = send("w1", "/v1/batches", createBody(file.path("id").asText()));

        assertThat(create.statusCode()).isEqualTo(503);
        assertThat(seen).containsExactly("POST /v1/files by w1", "POST /v1/batches by w1");
        assertThat(JSON.readTree(get("/v1/batches").body()).path("data")).isEmpty();
    }

    @Test
    void shouldTellTheHookOfAStoredCreateBeforeItsAnswerAndOfEveryLineOfItsOutputFile() throws Exception {
        simulator.hookBatches(new BatchHook() {
            @Override
            public void created(BatchCall call, String batchId) {
                seen.add("created " + batchId + " by " + call.clientKey());
            }

            @Override
            public IntConsumer downloading(BatchCall call, String results) {
                return line -> seen.add(call.endpoint() + " " + results + " line " + line);
            }
        });
        var file = upload("w2", LINE.formatted(1, 1) + LINE.formatted(2, 2) + LINE.formatted(3, 3));

        var batch = JSON.readTree(send("w2", "/v1/batches", createBody(file.path("id").asText())).body());
        var id = batch.path("id").asText();
        assertThat(seen).containsExactly("created " + id + " by w2");
        var ended = await().atMost(Duration.ofSeconds(20)).until(() -> JSON.readTree(get("/v1/batches/" + id).body()),
                b -> b.path("status").asText().equals("completed"));
        var output = ended.path("output_file_id").asText();
        var lines = get("/v1/files/" + output + "/content").body().strip().split("\n");

        assertThat(lines).hasSize(3);
        assertThat(seen).containsExactly("created " + id + " by w2", "GET /v1/files/{id}/content " + output + " line 0",
                "GET /v1/files/{id}/content " + output + " line 1", "GET /v1/files/{id}/content " + output + " line 2");
    }

    @Test
    void shouldTellTheHookOfAnAnthropicCreateByItsKeyAndOfEachResultLine() throws Exception {
        simulator.hookBatches(new BatchHook() {
            @Override
            public void created(BatchCall call, String batchId) {
                seen.add(call.endpoint() + " by " + call.clientKey());
            }

            @Override
            public IntConsumer downloading(BatchCall call, String results) {
                seen.add("download of " + results);
                return line -> seen.add("line " + line);
            }
        });
        var request = "{\"custom_id\":\"c%d\",\"params\":{\"model\":\"claude-sonnet-4\",\"max_tokens\":10,\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"hi\"}]}}";
        var created = http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v1/messages/batches"))
                .header("x-api-key", "w3").header("anthropic-version", "2023-06-01").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"requests\":[" + request.formatted(1) + "," + request.formatted(2) + "]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        var id = JSON.readTree(created.body()).path("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> JSON.readTree(get("/v1/messages/batches/" + id).body())
                .path("processing_status").asText().equals("ended"));

        var results = get("/v1/messages/batches/" + id + "/results").body().strip().split("\n");

        assertThat(results).hasSize(2);
        assertThat(seen).containsExactly("POST /v1/messages/batches by w3", "download of " + id, "line 0", "line 1");
    }

    private static String createBody(String fileId) {
        return "{\"input_file_id\":\"" + fileId + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}";
    }

    private JsonNode upload(String key, String jsonl) throws Exception {
        var body = "--b\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--b\r\nContent-Disposition: form-data;"
                + " name=\"file\"; filename=\"in.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n" + jsonl + "\r\n--b--\r\n";
        var response = http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v1/files"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String key, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
