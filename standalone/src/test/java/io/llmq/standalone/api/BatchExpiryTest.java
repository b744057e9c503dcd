package io.llmq.standalone.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import io.llmq.submitter.Submitter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jobs still unfinished when their batch's completion window closes end {@code expired} with
 * OpenAI's {@code batch_expired} error line, without a provider call, and the batch ends
 * {@code expired}. The window is made to close before the dispatcher releases the jobs by a second
 * submitter (on the stack's engines and topics) whose clock runs 25 hours behind (Anthropic batches always have 24 hours).
 */
class BatchExpiryTest {
    private static final String PUBLIC_URL = "https://llmq.example.test/base";
    private static Stack stack;
    private static Submitter lagging;
    private static Http api;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(5)), TestEngines.sharedKafka(), TestEngines.sharedPostgres());
        lagging = LaggingSubmitter.start(stack, Map.of("LLMQ_PUBLIC_URL", PUBLIC_URL + "/"));
        api = Http.to("http://localhost:" + lagging.port()).bearer(stack.apiKey());
        db = new Database(stack.postgres());
    }

    @AfterAll
    static void stop() {
        lagging.close();
        stack.close();
    }

    private static JsonNode awaitEnded(String path) {
        var seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            seen[0] = api.get(path).json();
            var status = seen[0].path(seen[0].has("processing_status") ? "processing_status" : "status").asText();
            return status.equals("expired") || status.equals("ended");
        });
        return seen[0];
    }

    @Test
    void shouldExpireJobsPastTheWindowWithoutCallingTheProvider() throws Exception {
        var callsBefore = stack.simulator().bill().calls();
        var file = api.upload(Requests.chat(20, "late").jsonl(), "batch").json();
        var created = api.post("/v1/batches", Requests.batchOf(file.path("id").asText(), "/v1/chat/completions", "1m"));
        assertThat(created.status()).isEqualTo(200);
        var id = created.json().path("id").asText();

        var batch = awaitEnded("/v1/batches/" + id);
        assertThat(batch.path("status").asText()).isEqualTo("expired");
        assertThat(batch.path("expired_at").isNumber()).isTrue();
        assertThat(batch.path("finalizing_at").isNumber()).isTrue();
        assertThat(batch.at("/request_counts/failed").asInt()).as("expired requests count as failed, as at OpenAI").isEqualTo(20);
        assertThat(batch.at("/llmq/request_counts/expired").asInt()).isEqualTo(20);
        assertThat(stack.simulator().bill().calls()).isEqualTo(callsBefore);

        var errorFile = "/v1/files/" + batch.path("error_file_id").asText();
        var download = api.get(errorFile + "/content").text();
        assertThat(api.get(errorFile).json().path("bytes").asLong()).as("the file object counts the never-released jobs' lines")
                .isEqualTo(download.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        var errors = download.split("\n");
        assertThat(errors).hasSize(20);
        assertThat(Arrays.stream(errors).map(l -> read(l).at("/error/code").asText())).containsOnly("batch_expired");
        // past its window before any was released: the dispatcher ended them all where they were staged
        assertThat(db.count("SELECT expired FROM batches WHERE id = ?", id)).isEqualTo(20);
        assertThat(db.count("SELECT claimed FROM dispatch_queue WHERE batch_id = ?", id)).as("none reached Kafka").isZero();
    }

    @Test
    void shouldReportExpiredRequestsInAnthropicResults() throws Exception {
        var body = Json.object();
        var requests = body.putArray("requests");
        for (int i = 1; i <= 3; i++) {
            var params = requests.addObject().put("custom_id", "late-" + i).putObject("params");
            params.put("model", "claude-haiku-4-5").put("max_tokens", 10);
            params.putArray("messages").addObject().put("role", "user").put("content", "hello " + i);
        }
        var created = api.with("x-api-key", stack.apiKey()).post("/v1/messages/batches", body);
        assertThat(created.status()).isEqualTo(200);
        var id = created.json().path("id").asText();

        var batch = awaitEnded("/v1/messages/batches/" + id);
        assertThat(batch.at("/request_counts/expired").asInt()).isEqualTo(3);
        assertThat(batch.path("results_url").asText()).as("built from LLMQ_PUBLIC_URL")
                .isEqualTo(PUBLIC_URL + "/v1/messages/batches/" + id + "/results");
        var lines = api.get("/v1/messages/batches/" + id + "/results").text().split("\n");
        assertThat(Arrays.stream(lines).map(l -> read(l).at("/result/type").asText())).containsOnly("expired");
    }

    private static JsonNode read(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
