package io.llmq.standalone.api;

import io.llmq.schema.Json;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request body is forwarded to the provider as sent, so what it may hold is decided at the door:
 * a field that costs more or keeps data at the provider ({@code store}) and an image URL naming
 * the cloud metadata service are refused with the line, the field and a stable code, and nothing
 * of the batch is stored or staged; a field the operator allowed ({@code service_tier} here) passes, and only that one.
 */
class OverPostingTest {
    private static final String CHAT = "\"method\":\"POST\",\"url\":\"/v1/chat/completions\"";
    private static final String METADATA_IMAGE = "[{\"type\":\"text\",\"text\":\"describe\"},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://169.254.169.254/latest/meta-data/iam/security-credentials/\"}}]";
    private static Stack stack;
    private static Http api;
    private static Http anthropic;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(5)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_ALLOWED_BODY_FIELDS", "service_tier"));
        api = Http.to(stack.baseUrl()).bearer(stack.apiKey());
        anthropic = Http.to(stack.baseUrl()).with("x-api-key", stack.apiKey());
        db = new Database(stack.postgres());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static String line(String customId, String extraBodyField, String content) {
        return "{\"custom_id\":\"" + customId + "\"," + CHAT + ",\"body\":{\"model\":\"gpt-4o-mini\"," + extraBodyField
                + "\"messages\":[{\"role\":\"user\",\"content\":" + content + "}]}}";
    }

    private static String jsonl() {
        return line("ok", "", "\"hi\"") + "\n" + line("stored", "\"store\":true,", "\"hi\"") + "\n"
                + line("metadata", "", METADATA_IMAGE) + "\n";
    }

    private static String inline(String requests) {
        return "{\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"requests\":[" + requests + "]}";
    }

    @Test
    void shouldRefuseACostlyFieldAndAMetadataServiceImageUrlAndEnqueueNothing() throws Exception {
        var file = api.upload(jsonl().getBytes(StandardCharsets.UTF_8), "batch").json().path("id").asText();
        var before = stored();

        var fromFile = api.post("/v1/batches", Json.toText(Requests.batchOf(file, "/v1/chat/completions", "24h")));
        var fromInline = api.post("/v1/batches", inline(String.join(",", jsonl().strip().split("\n"))));
        var fromAnthropic = anthropic.post("/v1/messages/batches", "{\"requests\":[{\"custom_id\":\"a\",\"params\":{"
                + "\"model\":\"claude-haiku-4-5\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\","
                + "\"source\":{\"type\":\"url\",\"url\":\"https://[fd00:ec2::254]/latest/meta-data/\"}}]}]}}]}");

        for (var answer : List.of(fromFile, fromInline)) {
            assertThat(answer.status()).as(answer.text()).isEqualTo(400);
            assertThat(answer.header("x-request-id")).startsWith("req_");
            assertThat(lineErrors(answer)).containsExactly("2 unsupported_parameter body.store",
                    "3 invalid_image_url body.messages[0].content[1].image_url.url");
            assertThat(answer.json().at("/error/errors/data/0/message").asText()).contains("LLMQ_ALLOWED_BODY_FIELDS=store");
            assertThat(answer.json().at("/error/errors/data/1/message").asText()).contains("169.254.169.254");
        }
        assertThat(fromAnthropic.status()).as(fromAnthropic.text()).isEqualTo(400);
        assertThat(fromAnthropic.json().at("/error/message").asText()).contains("image_url.url", "private network");
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void shouldPassOnlyTheFieldsTheOperatorAllowed() throws Exception {
        var allowed = api.post("/v1/batches", inline(line("tiered", "\"service_tier\":\"flex\",", "\"hi\"")));
        var notAllowed = api.post("/v1/batches", inline(line("tagged", "\"service_tier\":\"flex\",\"metadata\":{\"k\":\"v\"},", "\"hi\"")));

        assertThat(allowed.status()).as(allowed.text()).isEqualTo(200);
        assertThat(allowed.json().at("/request_counts/total").asInt()).isEqualTo(1);
        assertThat(notAllowed.status()).as(notAllowed.text()).isEqualTo(400);
        assertThat(lineErrors(notAllowed)).containsExactly("1 unsupported_parameter body.metadata");
    }

    /** Batches, their staged jobs and stored files: what a refused create must not leave behind. */
    private static List<Long> stored() throws Exception {
        return List.of(db.count("SELECT count(*) FROM batches"), db.count("SELECT count(*) FROM dispatch_queue"),
                db.count("SELECT count(*) FROM files"));
    }

    private static List<String> lineErrors(Http.Answer answer) {
        List<String> errors = new ArrayList<>();
        for (var error : answer.json().at("/error/errors/data")) {
            errors.add(error.path("line").asInt() + " " + error.path("code").asText() + " " + error.path("param").asText());
        }
        return errors;
    }
}
