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
import static org.awaitility.Awaitility.await;

/**
 * Every request of a corpus of malformed ones (broken JSON, wrong types, huge fields, unknown
 * models, duplicate ids, an oversized file, missing or wrong auth, another tenant's ids) gets the
 * right 4xx with a stable code and a request id, and NOTHING changes: the row count of every
 * table is the same afterwards (the audit log grows by exactly the refused logins, by design) and
 * the end offsets of the jobs topic did not move.
 */
class MalformedRequestCorpusTest {
    private static final int MAX_FILE_BYTES = 8192;
    private static Stack stack;
    private static Http api;
    private static Http admin;
    private static Http anthropic;
    private static Database db;
    private static String goodFile;
    private static String badLinesFile;
    private static String theirFile;
    private static String theirBatch;
    private static String theirMessageBatch;

    private record Case(String name, int status, String code, Call call) {
    }

    @FunctionalInterface
    private interface Call {
        Http.Answer send() throws Exception;
    }

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(5)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY, "LLMQ_MAX_FILE_BYTES", Integer.toString(MAX_FILE_BYTES)));
        api = Http.to(stack.baseUrl()).bearer(stack.apiKey());
        admin = Http.to(stack.baseUrl()).with("X-Admin-Key", Tenants.ADMIN_KEY);
        anthropic = Http.to(stack.baseUrl()).with("x-api-key", stack.apiKey());
        db = new Database(stack.postgres());

        goodFile = api.upload(Requests.chat(2, "good").jsonl(), "batch").json().path("id").asText();
        badLinesFile = api.upload(("""
                {"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-unknown","messages":[{"role":"user","content":"x"}]}}
                {"custom_id":"b","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","max_tokens":"ten","messages":[{"role":"user","content":"x"}]}}
                {"custom_id":"c","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":"not a list"}}
                {"custom_id":"d","method":"GET","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}]}}
                {"custom_id":"e","method":"POST","url":"/v1/embeddings","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}]}}
                {"custom_id":"f","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}]}}
                {"custom_id":"f","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}]}}
                {"custom_id":""" + "\"" + "x".repeat(600) + "\"" + """
                ,"method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}]}}
                {"custom_id":"nul\\u0000","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}]}}
                {not json at all
                """).getBytes(StandardCharsets.UTF_8), "batch").json().path("id").asText();

        var other = Tenants.create(stack.baseUrl(), "other");
        var theirs = Http.to(stack.baseUrl()).bearer(other.key());
        theirFile = theirs.upload(Requests.chat(2, "theirs").jsonl(), "batch").json().path("id").asText();
        theirBatch = theirs.post("/v1/batches", Requests.batchOf(theirFile, "/v1/chat/completions", "24h")).json().path("id").asText();
        theirMessageBatch = Http.to(stack.baseUrl()).with("x-api-key", other.key()).post("/v1/messages/batches", """
                {"requests":[{"custom_id":"t","params":{"model":"claude-haiku-4-5","max_tokens":5,"messages":[{"role":"user","content":"x"}]}}]}""")
                .json().path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) FROM batches WHERE id IN (?, ?) AND status = 'completed'",
                theirBatch, theirMessageBatch) == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) FROM outbox") == 0);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static List<Case> corpus() {
        var batch = "/v1/batches";
        List<Case> cases = new ArrayList<>();
        // broken bodies
        cases.add(new Case("broken JSON", 400, "INVALID_REQUEST", () -> api.post(batch, "{broken")));
        cases.add(new Case("empty body", 400, "INVALID_REQUEST", () -> api.post(batch, "")));
        cases.add(new Case("array body", 400, "INVALID_REQUEST", () -> api.post(batch, "[]")));
        cases.add(new Case("null body", 400, "INVALID_REQUEST", () -> api.post(batch, "null")));
        cases.add(new Case("trailing data", 400, "INVALID_REQUEST", () -> api.post(batch, "{\"endpoint\":\"x\"} trailing")));
        cases.add(new Case("nested 5000 deep", 400, "INVALID_REQUEST", () -> api.post(batch,
                "{\"metadata\":" + "[".repeat(5000) + "]".repeat(5000) + "}")));
        cases.add(new Case("a 2000-digit number", 400, "INVALID_REQUEST", () -> api.post(batch,
                "{\"priority\":" + "9".repeat(2000) + "}")));
        // wrong types and values
        cases.add(new Case("input_file_id is a number", 400, "INVALID_REQUEST", () -> api.post(batch,
                "{\"input_file_id\":5,\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}")));
        cases.add(new Case("endpoint is a number", 400, "INVALID_REQUEST", () -> api.post(batch,
                "{\"input_file_id\":\"" + goodFile + "\",\"endpoint\":42,\"completion_window\":\"24h\"}")));
        cases.add(new Case("unsupported endpoint", 400, "INVALID_REQUEST", () -> api.post(batch,
                "{\"input_file_id\":\"" + goodFile + "\",\"endpoint\":\"/v1/images\",\"completion_window\":\"24h\"}")));
        for (var window : new String[] {"\"forever\"", "\"0m\"", "\"8d\"", "24", "\"\""}) {
            cases.add(new Case("completion_window " + window, 400, "INVALID_REQUEST", () -> api.post(batch,
                    "{\"input_file_id\":\"" + goodFile + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":" + window + "}")));
        }
        for (var metadata : new String[] {"\"text\"", "{\"k\":5}", "{\"k\":\"" + "v".repeat(600) + "\"}", manyKeys()}) {
            cases.add(new Case("metadata " + metadata.substring(0, Math.min(20, metadata.length())), 400, "INVALID_REQUEST", () -> api.post(batch,
                    "{\"input_file_id\":\"" + goodFile + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"metadata\":" + metadata + "}")));
        }
        for (var priority : new String[] {"\"urgent\"", "5", "[]"}) {
            cases.add(new Case("priority " + priority, 400, "INVALID_REQUEST", () -> api.post(batch,
                    "{\"input_file_id\":\"" + goodFile + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"priority\":" + priority + "}")));
        }
        // bad lines: unknown model, wrong types, duplicate ids, huge custom_id, broken JSON
        cases.add(new Case("file with bad lines", 400, "INVALID_REQUEST", () -> api.post(batch,
                Json.toText(Requests.batchOf(badLinesFile, "/v1/chat/completions", "24h")))));
        cases.add(new Case("inline requests with bad lines", 400, "INVALID_REQUEST", () -> api.post(batch,
                "{\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"requests\":[{\"custom_id\":\"a\"},5,"
                        + "{\"custom_id\":\"b\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-nope\",\"messages\":[]}}]}")));
        cases.add(new Case("inline requests not an array", 400, "INVALID_REQUEST", () -> api.post(batch,
                "{\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"requests\":{}}")));
        cases.add(new Case("inline requests empty", 400, "INVALID_REQUEST", () -> api.post(batch,
                "{\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"requests\":[]}")));
        cases.add(new Case("file and inline requests", 400, "INVALID_REQUEST", () -> api.post(batch,
                "{\"input_file_id\":\"" + goodFile + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"requests\":"
                        + Requests.chat(1, "x").array() + "}")));
        // NUL characters, which PostgreSQL cannot store
        cases.add(new Case("NUL in input_file_id", 400, "INVALID_REQUEST", () -> api.post(batch,
                "{\"input_file_id\":\"file-\\u0000\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}")));
        cases.add(new Case("NUL in metadata", 400, "INVALID_REQUEST", () -> api.post(batch,
                "{\"input_file_id\":\"" + goodFile + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"metadata\":{\"k\":\"a\\u0000\"}}")));
        cases.add(new Case("NUL in an inline custom_id", 400, "INVALID_REQUEST", () -> api.post(batch,
                "{\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"requests\":[{\"custom_id\":\"a\\u0000\",\"method\":\"POST\","
                        + "\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}}]}")));
        cases.add(new Case("NUL in a cursor", 400, "INVALID_REQUEST", () -> api.get("/v1/files?after=a%00b")));
        cases.add(new Case("NUL in a path", 400, "INVALID_REQUEST", () -> api.get("/v1/batches/a%00b")));
        cases.add(new Case("NUL in a tenant name", 400, "INVALID_REQUEST", () -> admin.post("/admin/tenants", "{\"name\":\"a\\u0000\"}")));
        cases.add(new Case("broken multipart", 400, "INVALID_REQUEST", () -> api.send(api.request("/v1/files")
                .header("Content-Type", "multipart/form-data; boundary=xyz").POST(java.net.http.HttpRequest.BodyPublishers.ofString("garbage")))));
        cases.add(new Case("multipart without a boundary", 400, "INVALID_REQUEST", () -> api.send(api.request("/v1/files")
                .header("Content-Type", "multipart/form-data").POST(java.net.http.HttpRequest.BodyPublishers.ofString("garbage")))));
        // ids that are not ours
        cases.add(new Case("unknown file", 404, "NOT_FOUND", () -> api.post(batch,
                Json.toText(Requests.batchOf("file-nothing", "/v1/chat/completions", "24h")))));
        cases.add(new Case("huge file id", 404, "NOT_FOUND", () -> api.post(batch,
                Json.toText(Requests.batchOf("file-" + "z".repeat(10_000), "/v1/chat/completions", "24h")))));
        cases.add(new Case("another tenant's file", 404, "NOT_FOUND", () -> api.post(batch,
                Json.toText(Requests.batchOf(theirFile, "/v1/chat/completions", "24h")))));
        cases.add(new Case("another tenant's batch", 404, "NOT_FOUND", () -> api.get("/v1/batches/" + theirBatch)));
        cases.add(new Case("cancel another tenant's batch", 404, "NOT_FOUND", () -> api.post("/v1/batches/" + theirBatch + "/cancel", "")));
        cases.add(new Case("results of another tenant's batch", 404, "NOT_FOUND", () -> api.get("/v1/batches/" + theirBatch + "/results")));
        cases.add(new Case("delete another tenant's file", 404, "NOT_FOUND", () -> api.delete("/v1/files/" + theirFile)));
        cases.add(new Case("content of another tenant's file", 404, "NOT_FOUND", () -> api.get("/v1/files/" + theirFile + "/content")));
        cases.add(new Case("another tenant's message batch", 404, "NOT_FOUND", () -> anthropic.get("/v1/messages/batches/" + theirMessageBatch)));
        cases.add(new Case("delete another tenant's message batch", 404, "NOT_FOUND", () -> anthropic.delete("/v1/messages/batches/" + theirMessageBatch)));
        cases.add(new Case("an OpenAI batch read as a message batch", 404, "NOT_FOUND", () -> anthropic.get("/v1/messages/batches/" + theirBatch)));
        cases.add(new Case("unknown model", 404, "MODEL_NOT_FOUND", () -> api.get("/v1/models/gpt-unknown")));
        // uploads
        cases.add(new Case("upload too large", 413, "PAYLOAD_TOO_LARGE", () -> api.upload(new byte[MAX_FILE_BYTES + 1], "batch")));
        cases.add(new Case("upload much too large", 413, "PAYLOAD_TOO_LARGE", () -> api.upload(new byte[MAX_FILE_BYTES * 200], "batch")));
        cases.add(new Case("upload without purpose", 400, "INVALID_REQUEST", () -> api.upload(Requests.chat(1, "u").jsonl(), null)));
        cases.add(new Case("upload for fine-tune", 400, "INVALID_REQUEST", () -> api.upload(Requests.chat(1, "u").jsonl(), "fine-tune")));
        cases.add(new Case("upload as JSON", 400, "INVALID_REQUEST", () -> api.post("/v1/files", "{\"file\":\"x\"}")));
        // query parameters
        cases.add(new Case("files limit abc", 400, "INVALID_REQUEST", () -> api.get("/v1/files?limit=abc")));
        cases.add(new Case("files limit 0", 400, "INVALID_REQUEST", () -> api.get("/v1/files?limit=0")));
        cases.add(new Case("files order sideways", 400, "INVALID_REQUEST", () -> api.get("/v1/files?order=sideways")));
        cases.add(new Case("files after huge", 400, "INVALID_REQUEST", () -> api.get("/v1/files?after=" + "a".repeat(5000))));
        cases.add(new Case("batches limit 101", 400, "INVALID_REQUEST", () -> api.get("/v1/batches?limit=101")));
        cases.add(new Case("batches limit 2^40", 400, "INVALID_REQUEST", () -> api.get("/v1/batches?limit=1099511627776")));
        cases.add(new Case("wait forever", 400, "INVALID_REQUEST", () -> api.get("/v1/batches/" + theirBatch + "?wait=forever")));
        cases.add(new Case("results after x", 400, "INVALID_REQUEST", () -> api.get("/v1/batches/b/results?after=x")));
        cases.add(new Case("usage group_by hour", 400, "INVALID_REQUEST", () -> api.get("/v1/usage?group_by=hour")));
        cases.add(new Case("usage start yesterday", 400, "INVALID_REQUEST", () -> api.get("/v1/usage?start=yesterday")));
        cases.add(new Case("usage start after end", 400, "INVALID_REQUEST", () -> api.get("/v1/usage?start=2026-02-01&end=2026-01-01")));
        cases.add(new Case("idempotency key too long", 400, "INVALID_REQUEST", () -> api.with("Idempotency-Key", "k".repeat(300))
                .post(batch, Json.toText(Requests.batchOf(goodFile, "/v1/chat/completions", "24h")))));
        // Anthropic
        var messages = "/v1/messages/batches";
        cases.add(new Case("anthropic empty object", 400, "INVALID_REQUEST", () -> anthropic.post(messages, "{}")));
        cases.add(new Case("anthropic empty requests", 400, "INVALID_REQUEST", () -> anthropic.post(messages, "{\"requests\":[]}")));
        cases.add(new Case("anthropic unknown field", 400, "INVALID_REQUEST", () -> anthropic.post(messages, "{\"requests\":[],\"extra\":1}")));
        cases.add(new Case("anthropic missing max_tokens, tools, bad custom_id, duplicates", 400, "INVALID_REQUEST", () -> anthropic.post(messages, """
                {"requests":[{"custom_id":"a","params":{"model":"claude-haiku-4-5","messages":[{"role":"user","content":"x"}]}},
                             {"custom_id":"b","params":{"model":"claude-haiku-4-5","max_tokens":5,"tools":[],"messages":[{"role":"user","content":"x"}]}},
                             {"custom_id":"not ok!","params":{"model":"claude-haiku-4-5","max_tokens":5,"messages":[{"role":"user","content":"x"}]}},
                             {"custom_id":"d","params":{"model":"claude-haiku-4-5","max_tokens":5,"messages":[{"role":"user","content":"x"}]}},
                             {"custom_id":"d","params":{"model":"claude-haiku-4-5","max_tokens":5,"messages":[{"role":"user","content":"x"}]}}]}""")));
        cases.add(new Case("anthropic broken JSON", 400, "INVALID_REQUEST", () -> anthropic.post(messages, "{\"requests\":[{")));
        cases.add(new Case("anthropic list limit 0", 400, "INVALID_REQUEST", () -> anthropic.get(messages + "?limit=0")));
        cases.add(new Case("anthropic results of nothing", 404, "NOT_FOUND", () -> anthropic.get(messages + "/msgbatch_nothing/results")));
        // auth
        cases.add(new Case("no key", 401, "UNAUTHORIZED", () -> Http.to(stack.baseUrl()).get("/v1/batches")));
        cases.add(new Case("wrong key", 401, "UNAUTHORIZED", () -> Http.to(stack.baseUrl()).bearer("wrong-key-123456789").get("/v1/files")));
        // another wrong key: refusals of one key from one address within a minute share one audit row
        cases.add(new Case("wrong key upload", 401, "UNAUTHORIZED", () -> Http.to(stack.baseUrl()).bearer("wrong-key-987654321")
                .upload(Requests.chat(1, "w").jsonl(), "batch")));
        cases.add(new Case("wrong anthropic key", 401, "UNAUTHORIZED", () -> Http.to(stack.baseUrl()).with("x-api-key", "sk-ant-wrong-000")
                .post(messages, "{\"requests\":[]}")));
        cases.add(new Case("admin without key", 401, "UNAUTHORIZED", () -> Http.to(stack.baseUrl()).post("/admin/tenants", "{\"name\":\"x\"}")));
        cases.add(new Case("admin with a tenant key", 401, "UNAUTHORIZED", () -> api.get("/admin/tenants")));
        // admin input
        cases.add(new Case("tenant without name", 400, "INVALID_REQUEST", () -> admin.post("/admin/tenants", "{}")));
        cases.add(new Case("tenant name a number", 400, "INVALID_REQUEST", () -> admin.post("/admin/tenants", "{\"name\":5}")));
        cases.add(new Case("tenant id with spaces", 400, "INVALID_REQUEST", () -> admin.post("/admin/tenants", "{\"name\":\"n\",\"id\":\"bad id!\"}")));
        cases.add(new Case("negative limit", 400, "INVALID_REQUEST", () -> admin.post("/admin/tenants", "{\"name\":\"n\",\"max_pending_jobs\":-5}")));
        cases.add(new Case("patch unknown tenant", 404, "NOT_FOUND", () -> admin.patch("/admin/tenants/nobody", "{\"max_pending_jobs\":5}")));
        cases.add(new Case("key for unknown tenant", 404, "NOT_FOUND", () -> admin.post("/admin/tenants/nobody/keys", "{}")));
        cases.add(new Case("revoke unknown key", 404, "NOT_FOUND", () -> admin.post("/admin/keys/key_nothing/revoke", "")));
        cases.add(new Case("audit limit huge", 400, "INVALID_REQUEST", () -> admin.get("/admin/audit?limit=100000")));
        // routes
        cases.add(new Case("unknown route", 404, "NOT_FOUND", () -> api.get("/v1/nothing-here")));
        cases.add(new Case("wrong method", 404, "NOT_FOUND", () -> api.delete("/v1/batches")));
        return cases;
    }

    private static String manyKeys() {
        var metadata = Json.object();
        for (int i = 0; i < 17; i++) {
            metadata.put("k" + i, "v");
        }
        return Json.toText(metadata);
    }

    @Test
    void shouldRefuseEveryMalformedRequestWithTheRightCodeAndChangeNothing() throws Exception {
        var rowsBefore = db.rowCounts();
        var offsetsBefore = JobsTopic.endOffsets(stack.kafka(), stack.config().topics());
        var authFailuresBefore = db.count("SELECT count(*) FROM audit_log WHERE action IN ('auth.failed', 'admin.auth_failed')");

        var cases = corpus();
        for (var c : cases) {
            var answer = c.call().send();
            assertThat(answer.status()).as("%s: %s", c.name(), answer.text()).isEqualTo(c.status());
            var body = answer.json();
            var code = body.at("/error/code").asText(null);
            var requestId = answer.header("x-request-id");
            assertThat(requestId).as(c.name()).startsWith("req_");
            if (body.path("type").asText().equals("error")) {
                // Anthropic's shape: the type names the status class, the request id sits at the top
                assertThat(body.at("/error/type").asText()).as(c.name()).isNotBlank();
                assertThat(body.path("request_id").asText()).as(c.name()).isEqualTo(requestId);
            } else {
                assertThat(code).as(c.name()).isEqualTo(c.code());
                assertThat(body.at("/error/request_id").asText()).as(c.name()).isEqualTo(requestId);
                assertThat(body.at("/error/message").asText()).as(c.name()).isNotBlank();
            }
        }

        var rowsAfter = db.rowCounts();
        var authFailures = cases.stream().filter(c -> c.status() == 401).count();
        assertThat(rowsAfter.get("audit_log")).as("refused logins are audited, by design")
                .isEqualTo(rowsBefore.get("audit_log") + authFailures);
        assertThat(db.count("SELECT count(*) FROM audit_log WHERE action IN ('auth.failed', 'admin.auth_failed')"))
                .isEqualTo(authFailuresBefore + authFailures);
        rowsAfter.remove("audit_log");
        rowsBefore.remove("audit_log");
        assertThat(rowsAfter).isEqualTo(rowsBefore);
        assertThat(JobsTopic.endOffsets(stack.kafka(), stack.config().topics())).isEqualTo(offsetsBefore);
    }
}
