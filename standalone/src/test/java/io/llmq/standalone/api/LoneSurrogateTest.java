package io.llmq.standalone.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Text that is not valid UTF-16 (a lone surrogate, sent as the JSON escape {@code "\ud800"} or as
 * its raw three UTF-8 bytes) is refused at the door wherever it appears: PostgreSQL would store it
 * as {@code ?}, the same text as another string, and a later unique key would break. The refusal
 * names the field (or the line of the input file), and nothing is stored.
 */
class LoneSurrogateTest {
    private static final String CHAT = "\"method\":\"POST\",\"url\":\"/v1/chat/completions\"";
    private static final String BODY = "\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
    private static Stack stack;
    private static Http api;
    private static Http admin;
    private static Http anthropic;
    private static Database db;
    private static String escapedIdFile;
    private static String contentOnLineTwoFile;
    private static String rawBytesFile;

    private record Case(String name, String named, Http.Answer answer) {
    }

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(5)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY));
        api = Http.to(stack.baseUrl()).bearer(stack.apiKey());
        admin = Http.to(stack.baseUrl()).with("X-Admin-Key", Tenants.ADMIN_KEY);
        anthropic = Http.to(stack.baseUrl()).with("x-api-key", stack.apiKey());
        db = new Database(stack.postgres());
        escapedIdFile = upload(line("a\\ud800") + "\n");
        contentOnLineTwoFile = upload(line("ok") + "\n{\"custom_id\":\"b\"," + CHAT
                + ",\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\\udc00y\"}]}}\n");
        var raw = new ByteArrayOutputStream();
        raw.writeBytes("{\"custom_id\":\"a".getBytes(StandardCharsets.UTF_8));
        raw.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        raw.writeBytes(("\"," + CHAT + "," + BODY + "}\n").getBytes(StandardCharsets.UTF_8));
        rawBytesFile = api.upload(raw.toByteArray(), "batch").json().path("id").asText();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static String line(String customId) {
        return "{\"custom_id\":\"" + customId + "\"," + CHAT + "," + BODY + "}";
    }

    private static String upload(String jsonl) throws Exception {
        return api.upload(jsonl.getBytes(StandardCharsets.UTF_8), "batch").json().path("id").asText();
    }

    private static String fromFile(String fileId) {
        return Json.toText(Requests.batchOf(fileId, "/v1/chat/completions", "24h"));
    }

    private static String inline(String requests, String extra) {
        return "{\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"" + extra + ",\"requests\":" + requests + "}";
    }

    @Test
    void shouldRefuseALoneSurrogateInAnyRequestFieldNamingTheField() throws Exception {
        var storedBefore = stored();
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("inline custom_id", "requests[0].custom_id",
                api.post("/v1/batches", inline("[" + line("a\\ud800") + "]", ""))));
        cases.add(new Case("inline message content", "requests[1].body.messages[0].content", api.post("/v1/batches", inline("["
                + line("ok") + ",{\"custom_id\":\"b\"," + CHAT + ",\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"\\udfff\"}]}}]", ""))));
        cases.add(new Case("metadata value", "metadata.k",
                api.post("/v1/batches", inline("[" + line("ok") + "]", ",\"metadata\":{\"k\":\"v\\ud800\"}"))));
        // Jackson refuses this one itself, in its own words
        cases.add(new Case("metadata key", "field name",
                api.post("/v1/batches", inline("[" + line("ok") + "]", ",\"metadata\":{\"k\\ud800\":\"v\"}"))));
        cases.add(new Case("reversed pair", "input_file_id",
                api.post("/v1/batches", "{\"input_file_id\":\"\\ude00\\ud83d\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}")));
        cases.add(new Case("anthropic custom_id", "requests[0].custom_id", anthropic.post("/v1/messages/batches",
                "{\"requests\":[{\"custom_id\":\"a\\ud800\",\"params\":{\"model\":\"claude-haiku-4-5\",\"max_tokens\":5,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}}]}")));
        cases.add(new Case("tenant name", "name", admin.post("/admin/tenants", "{\"name\":\"t\\udbff\"}")));

        for (var c : cases) {
            var answer = c.answer();
            assertThat(answer.status()).as("%s: %s", c.name(), answer.text()).isEqualTo(400);
            var message = message(answer.json());
            assertThat(message).as(c.name()).contains(c.named()).contains("surrogate");
            assertThat(answer.header("x-request-id")).as(c.name()).startsWith("req_");
            if (!c.name().startsWith("anthropic")) {
                assertThat(answer.json().at("/error/code").asText()).as(c.name()).isEqualTo("INVALID_REQUEST");
            }
        }
        assertThat(stored()).isEqualTo(storedBefore);
    }

    @Test
    void shouldRefuseAnInputFileWithALoneSurrogateNamingTheLine() throws Exception {
        var escaped = api.post("/v1/batches", fromFile(escapedIdFile));
        var onLineTwo = api.post("/v1/batches", fromFile(contentOnLineTwoFile));
        var rawBytes = api.post("/v1/batches", fromFile(rawBytesFile));

        assertThat(escaped.status()).as(escaped.text()).isEqualTo(400);
        assertThat(lineError(escaped, 0)).isEqualTo("1 invalid_unicode custom_id");
        assertThat(onLineTwo.status()).as(onLineTwo.text()).isEqualTo(400);
        assertThat(lineError(onLineTwo, 0)).isEqualTo("2 invalid_unicode body.messages[0].content");
        assertThat(rawBytes.status()).as(rawBytes.text()).isEqualTo(400);
        assertThat(rawBytes.json().at("/error/errors/data/0/line").asInt()).isEqualTo(1);
    }

    @Test
    void shouldAcceptAProperSurrogatePairAndStoreItUnchanged() throws Exception {
        var created = api.post("/v1/batches", inline("[" + line("smile-\\ud83d\\ude00") + "]", ",\"metadata\":{\"k\":\"\\ud83d\\ude00\"}"));

        assertThat(created.status()).as(created.text()).isEqualTo(200);
        assertThat(created.json().at("/metadata/k").asText()).isEqualTo("\ud83d\ude00");
        var batchId = created.json().path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) FROM job_results WHERE batch_id = ?", batchId) == 1);
        assertThat(db.strings("SELECT custom_id FROM job_results WHERE batch_id = ?", batchId)).containsExactly("smile-\ud83d\ude00");
    }

    /** What a refused create or tenant would have left behind; not the results of the accepted batch, which land at their own pace. */
    private static List<Long> stored() throws Exception {
        return List.of(db.count("SELECT count(*) FROM batches"), db.count("SELECT count(*) FROM tenants"));
    }

    private static String message(JsonNode body) {
        return body.at("/error/message").asText();
    }

    private static String lineError(Http.Answer answer, int index) {
        var error = answer.json().at("/error/errors/data/" + index);
        return error.path("line").asInt() + " " + error.path("code").asText() + " " + error.path("param").asText();
    }
}
