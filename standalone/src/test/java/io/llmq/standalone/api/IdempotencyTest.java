package io.llmq.standalone.api;

import io.llmq.schema.Ids;
import io.llmq.schema.Json;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code Idempotency-Key} on every create: a retry with the same key and body gets the first
 * answer back and creates nothing; the same key with another body is a 409 {@code CONFLICT};
 * keys of different tenants never meet.
 */
class IdempotencyTest {
    private static Stack stack;
    private static Http api;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(5)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY));
        api = Http.to(stack.baseUrl()).bearer(stack.apiKey());
        db = new Database(stack.postgres());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldAnswerARetriedUploadWithTheFirstFileAndStoreItOnce() throws Exception {
        var key = "upload-" + Ids.random(12);
        var content = Requests.chat(3, "idem").jsonl();
        var first = api.with("Idempotency-Key", key).upload(content, "batch");
        var filesAfterFirst = db.count("SELECT count(*) FROM files WHERE purpose = 'batch'");
        var retry = api.with("Idempotency-Key", key).upload(content, "batch");

        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(db.count("SELECT count(*) FROM files WHERE purpose = 'batch'")).isEqualTo(filesAfterFirst);

        var different = api.with("Idempotency-Key", key).upload(Requests.chat(4, "idem").jsonl(), "batch");
        assertThat(different.status()).isEqualTo(409);
        assertThat(different.json().at("/error/code").asText()).isEqualTo("CONFLICT");
        assertThat(db.count("SELECT count(*) FROM files WHERE purpose = 'batch'")).isEqualTo(filesAfterFirst);
    }

    @Test
    void shouldCreateABatchOnceHoweverOftenTheCreateIsRetried() throws Exception {
        var file = api.upload(Requests.chat(5, "once").jsonl(), "batch").json().path("id").asText();
        var body = Json.toText(Requests.batchOf(file, "/v1/chat/completions", "24h"));
        var key = "batch-" + Ids.random(12);

        var first = api.with("Idempotency-Key", key).post("/v1/batches", body);
        var retries = new Http.Answer[3];
        for (int i = 0; i < retries.length; i++) {
            retries[i] = api.with("Idempotency-Key", key).post("/v1/batches", body);
        }

        var id = first.json().path("id").asText();
        assertThat(first.status()).isEqualTo(200);
        for (var retry : retries) {
            assertThat(retry.status()).isEqualTo(200);
            assertThat(retry.json().path("id").asText()).isEqualTo(id);
        }
        assertThat(db.count("SELECT count(*) FROM batches WHERE input_file_id = ?", file)).isEqualTo(1);
        // five jobs staged once for the dispatcher, and each run once
        assertThat(db.count("SELECT count(*) FROM dispatch_queue q JOIN batches b ON b.id = q.batch_id WHERE b.input_file_id = ?", file))
                .isEqualTo(1);
        assertThat(db.count("SELECT total FROM dispatch_queue WHERE batch_id = ?", id)).isEqualTo(5);
        await().atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) FROM job_results WHERE batch_id = ?", id) == 5);
        assertThat(db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ?", id)).isEqualTo(5);

        var changed = api.with("Idempotency-Key", key).post("/v1/batches", Json.toText(Requests.batchOf(file, "/v1/chat/completions", "48h")));
        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.json().at("/error/message").asText()).contains("different request body");
    }

    @Test
    void shouldForgetTheKeyOfARefusedCreateSoThatAFixedRetryCanUseIt() throws Exception {
        var key = "refused-" + Ids.random(12);
        var refused = api.with("Idempotency-Key", key).post("/v1/batches", "{\"input_file_id\":\"file-missing\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}");
        assertThat(refused.status()).isEqualTo(404);
        assertThat(db.count("SELECT count(*) FROM idempotency_keys WHERE idem_key = ?", key)).isZero();
    }

    @Test
    void shouldKeepKeysOfDifferentTenantsApart() throws Exception {
        var key = "shared-" + Ids.random(12);
        var other = Tenants.create(stack.baseUrl(), "idem-" + Ids.random(6));
        var otherApi = Http.to(stack.baseUrl()).bearer(other.key());
        var ours = api.with("Idempotency-Key", key).upload(Requests.chat(1, "a").jsonl(), "batch");
        var theirs = otherApi.with("Idempotency-Key", key).upload(Requests.chat(2, "b").jsonl(), "batch");

        assertThat(theirs.status()).isEqualTo(200);
        assertThat(theirs.json().path("id").asText()).isNotEqualTo(ours.json().path("id").asText());
    }

    @Test
    void shouldReplayAnAnthropicCreate() throws Exception {
        var body = """
                {"requests":[{"custom_id":"one","params":{"model":"claude-haiku-4-5","max_tokens":8,
                 "messages":[{"role":"user","content":"hi"}]}}]}""";
        var key = "anthropic-" + Ids.random(12);
        var anthropic = Http.to(stack.baseUrl()).with("x-api-key", stack.apiKey()).with("Idempotency-Key", key);
        var first = anthropic.post("/v1/messages/batches", body);
        var retry = anthropic.post("/v1/messages/batches", body);

        assertThat(retry.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
        var other = anthropic.post("/v1/messages/batches", body.replace("\"hi\"", "\"hello\""));
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.json().path("type").asText()).isEqualTo("error");
        assertThat(other.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
    }
}
