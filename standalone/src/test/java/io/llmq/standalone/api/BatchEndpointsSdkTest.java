package io.llmq.standalone.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.ObjectMappers;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.completions.Completion;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;
import com.openai.models.moderations.ModerationCreateResponse;
import com.openai.models.responses.Response;
import io.llmq.schema.Json;
import io.llmq.simulator.engine.TokenCounter;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The official OpenAI Java SDK, unchanged, runs {@code /v1/responses}, {@code /v1/completions} and
 * {@code /v1/moderations} batches through the whole stack, parses every answer as its own typed
 * object, and the ledger holds each call's tokens as the answers report them.
 */
class BatchEndpointsSdkTest {
    private static Stack stack;
    private static OpenAIClient client;
    private static Database db;
    private static Http api;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(5)), TestEngines.sharedKafka(), TestEngines.sharedPostgres());
        client = OpenAIOkHttpClient.builder().baseUrl(stack.baseUrl() + "/v1").apiKey(stack.apiKey()).maxRetries(0).build();
        db = new Database(stack.postgres());
        api = Http.to(stack.baseUrl()).bearer(stack.apiKey());
    }

    @AfterAll
    static void stop() {
        client.close();
        stack.close();
    }

    private record Ran(String batchId, List<JsonNode> lines) {
    }

    /** Uploads the lines, runs them as a batch of {@code endpoint} and returns the output file's lines. */
    private static Ran run(Requests requests, BatchCreateParams.Endpoint endpoint, int expected) throws Exception {
        var file = client.files().create(FileCreateParams.builder().file(requests.jsonl()).purpose(FilePurpose.BATCH).build());
        var batch = client.batches().create(BatchCreateParams.builder().inputFileId(file.id()).endpoint(endpoint)
                .completionWindow(BatchCreateParams.CompletionWindow._24H).build());
        assertThat(batch.endpoint()).isEqualTo(endpoint.asString());
        var done = new Batch[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            done[0] = client.batches().retrieve(batch.id());
            return done[0].status().equals(Batch.Status.COMPLETED);
        });
        assertThat(done[0].requestCounts().orElseThrow().completed()).isEqualTo(expected);
        List<JsonNode> lines = new ArrayList<>();
        try (var content = client.files().content(done[0].outputFileId().orElseThrow());
             var reader = new BufferedReader(new InputStreamReader(content.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(Json.MAPPER.readTree(line));
            }
        }
        assertThat(lines).hasSize(expected);
        return new Ran(batch.id(), lines);
    }

    private static <T> T parsed(JsonNode line, Class<T> type) throws Exception {
        assertThat(line.at("/response/status_code").asInt()).isEqualTo(200);
        return ObjectMappers.jsonMapper().readValue(Json.toText(line.at("/response/body")), type);
    }

    private static long ledger(String column, String batchId) throws Exception {
        return Long.parseLong(db.strings("SELECT coalesce(sum(" + column + "), 0)::text FROM ledger_entries WHERE batch_id = ?", batchId).get(0));
    }

    @Test
    void shouldRunAResponsesBatchNativeAndTranslatedWithEveryAnswerAnSdkResponseAndItsUsageInTheLedger() throws Exception {
        var requests = new Requests()
                .response("resp-native", "gpt-4o-mini", "Tell me about the sea.", 40)
                .response("resp-anthropic", "claude-sonnet-4", "Tell me about the hills.", 40)
                .response("resp-gemini", "gemini-2.5-flash", "Tell me about the sky.", 40);

        var ran = run(requests, BatchCreateParams.Endpoint.V1_RESPONSES, 3);

        long input = 0;
        long output = 0;
        for (var line : ran.lines()) {
            var response = parsed(line, Response.class);
            response.validate();
            assertThat(response.id()).startsWith("resp_");
            var text = response.output().get(0).asMessage().content().get(0).asOutputText().text();
            assertThat(text).as(line.path("custom_id").asText()).isNotBlank();
            var usage = response.usage().orElseThrow();
            assertThat(usage.outputTokens()).isBetween(1L, 40L);
            input += usage.inputTokens();
            output += usage.outputTokens();
        }
        var batchId = ran.batchId();
        assertThat(ledger("input_tokens", batchId)).isEqualTo(input);
        assertThat(ledger("output_tokens", batchId)).isEqualTo(output);
        assertThat(db.strings("SELECT count(*)::text FROM ledger_entries WHERE batch_id = ?", batchId)).containsExactly("3");
    }

    @Test
    void shouldRunALegacyCompletionsBatchAnsweringSdkCompletions() throws Exception {
        var ran = run(new Requests().completion("cmpl-1", "Once upon a time", 12).completion("cmpl-2", "The queue said", 12),
                BatchCreateParams.Endpoint.V1_COMPLETIONS, 2);

        long output = 0;
        for (var line : ran.lines()) {
            var completion = parsed(line, Completion.class);
            completion.validate();
            assertThat(completion.choices().get(0).text()).isNotBlank();
            output += completion.usage().orElseThrow().completionTokens();
        }
        assertThat(ledger("output_tokens", ran.batchId())).isEqualTo(output).isPositive();
    }

    @Test
    void shouldRunAModerationsBatchFlaggingWhatTheSimulatorFlagsAndLedgerTheInputTokensAtNoCost() throws Exception {
        var ran = run(new Requests().moderation("mod-violent", "I will attack the castle at dawn")
                .moderation("mod-calm", "I would like a cup of tea"), BatchCreateParams.Endpoint.V1_MODERATIONS, 2);

        for (var line : ran.lines()) {
            var moderation = parsed(line, ModerationCreateResponse.class);
            moderation.validate();
            var flagged = moderation.results().get(0).flagged();
            assertThat(flagged).as(line.path("custom_id").asText()).isEqualTo(line.path("custom_id").asText().equals("mod-violent"));
        }
        var batchId = ran.batchId();
        var tokens = TokenCounter.o200k();
        assertThat(ledger("input_tokens", batchId))
                .isEqualTo(tokens.count("I will attack the castle at dawn") + tokens.count("I would like a cup of tea"));
        assertThat(db.strings("SELECT count(*)::text FROM ledger_entries WHERE batch_id = ?", batchId)).containsExactly("2");
        assertThat(new BigDecimal(db.strings("SELECT sum(cost)::text FROM ledger_entries WHERE batch_id = ?", batchId).get(0))).isZero();
    }

    @Test
    void shouldAcceptInlineModerationRequestsAndRefuseLinesThatDoNotFitTheirEndpointNamingLineAndField() throws Exception {
        var inline = Json.object().put("endpoint", "/v1/moderations").put("completion_window", "24h");
        inline.set("requests", new Requests().moderation("inline-1", "hello there").array());
        var accepted = api.post("/v1/batches", inline);
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
        assertThat(accepted.json().path("endpoint").asText()).isEqualTo("/v1/moderations");

        var bad = Json.object().put("endpoint", "/v1/responses").put("completion_window", "24h");
        bad.set("requests", new Requests()
                .response("ok", "gpt-4o-mini", "fine", 20)
                .raw("chat-shaped", "/v1/responses", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .raw("no-input", "/v1/responses", "{\"model\":\"gpt-4o-mini\"}")
                .raw("wrong-url", "/v1/completions", "{\"model\":\"gpt-4o-mini\",\"prompt\":\"x\"}")
                .raw("moderation-model", "/v1/responses", "{\"model\":\"omni-moderation-latest\",\"input\":\"x\"}")
                .array());
        var refused = api.post("/v1/batches", bad);

        assertThat(refused.status()).isEqualTo(400);
        var errors = refused.json().at("/error/errors/data");
        assertThat(errors).hasSize(4);
        assertThat(errors.findValuesAsText("line")).containsExactly("2", "3", "4", "5");
        assertThat(errors.findValuesAsText("param")).containsExactly("body.messages", "body.input", "url", "body.model");
        assertThat(errors.get(1).path("message").asText()).startsWith("Line 3: body.input is required");
    }

    @Test
    void shouldListTheEndpointsEachModelServes() throws Exception {
        var chat = api.get("/v1/models/gpt-4o-mini").json();
        var moderation = api.get("/v1/models/omni-moderation-latest").json();

        assertThat(Json.MAPPER.convertValue(chat.at("/llmq/endpoints"), List.class))
                .containsExactly("/v1/chat/completions", "/v1/responses", "/v1/completions");
        assertThat(moderation.at("/llmq/kind").asText()).isEqualTo("moderation");
        assertThat(Json.MAPPER.convertValue(moderation.at("/llmq/endpoints"), List.class)).containsExactly("/v1/moderations");
        assertThat(client.models().retrieve("omni-moderation-latest").id()).isEqualTo("omni-moderation-latest");
    }
}
