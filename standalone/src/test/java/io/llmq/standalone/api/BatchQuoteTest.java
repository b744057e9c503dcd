package io.llmq.standalone.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import io.llmq.cli.Cli;
import io.llmq.schema.Ids;
import io.llmq.schema.Json;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /v1/batches/quote}: a create's body judged as a create judges it, the prompt tokens
 * counted with jtokkit's o200k_base exactly as this test counts them, priced at the catalogue's
 * prices, timed by the deployment's limits and backlog, and nothing stored. Each test has a
 * tenant of its own, so "observed output" history is only what the test made.
 */
class BatchQuoteTest {
    private static final int RPM = 600;
    private static final int TPM = 20_000;
    private static final String CATALOGUE = """
            deployments:
              - name: metered
                provider: openai
                base_url: ${LLMQ_SIMULATOR_URL}/v1
                rpm: %d
                tpm: %d
              - name: metered-b
                provider: openai
                base_url: ${LLMQ_SIMULATOR_URL}/v1
                rpm: 300
                tpm: 10000
            models:
              - id: gpt-4o-mini
                deployment: metered
                max_output_tokens: 1000
                price: { input: 0.15, output: 0.60 }
              - id: gpt-4o
                deployment: metered
                max_output_tokens: 2000
                price: { input: 2.50, output: 10.00 }
              - id: gpt-4.1-nano
                deployments: [{ name: metered, weight: 1 }, { name: metered-b, weight: 1 }]
                max_output_tokens: 1000
                price: { input: 0.10, output: 0.40 }
            """.formatted(RPM, TPM);
    /** What a create writes; a quote must leave every one of them as it was. */
    private static final Set<String> CREATE_TABLES = Set.of("files", "file_chunks", "batches", "dispatch_queue", "dispatch_pages",
            "idempotency_keys", "job_results", "outbox", "ledger_entries");
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    private static Stack stack;
    private static Database db;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(5)).withCatalogue(CATALOGUE), TestEngines.sharedKafka(),
                TestEngines.sharedPostgres(), Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY));
        db = new Database(stack.postgres());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldCountWithJtokkitPriceTimeAndStoreNothing() throws Exception {
        var api = freshTenant();
        var requests = new Requests();
        for (int i = 1; i <= 5; i++) {
            requests.chat("mini-" + i, "gpt-4o-mini", "Explain queue number " + i + " in a sentence, <|endoftext|> included.", 10 * i);
        }
        requests.chat("big-1", "gpt-4o", "What is a dead letter queue?", 100);
        var lines = requests.array();
        ((ObjectNode) lines.get(5).path("body")).remove("max_tokens");
        var file = api.upload(jsonl(lines), "batch").json().path("id").asText();
        var before = createTables();

        var answer = api.post("/v1/batches/quote", Requests.batchOf(file, "/v1/chat/completions", "24h"));

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertNoRowsAdded(before, "a quote writes nothing");
        var quote = answer.json();
        assertThat(quote.path("object").asText()).isEqualTo("batch.quote");
        assertThat(quote.path("requests").asInt()).isEqualTo(6);
        long miniInput = 0;
        for (int i = 0; i < 5; i++) {
            miniInput += tokens(lines.get(i).path("body"));
        }
        long bigInput = tokens(lines.get(5).path("body"));
        assertThat(quote.path("input_tokens").asLong()).isEqualTo(miniInput + bigInput);
        // max_tokens 10..50, and the model's 2,000 where the line sets none; half of each is expected
        assertThat(quote.path("max_output_tokens").asLong()).isEqualTo(150 + 2000);
        assertThat(quote.path("expected_output_tokens").asLong()).isEqualTo(75 + 1000);
        var mini = model(quote, "gpt-4o-mini");
        assertThat(mini.path("input_tokens").asLong()).isEqualTo(miniInput);
        assertThat(mini.path("expected_output_basis").asText()).isEqualTo("fraction_of_max");
        var min = dollars(miniInput, "0.15").add(dollars(bigInput, "2.50"));
        var expected = min.add(dollars(75, "0.60")).add(dollars(1000, "10.00"));
        var max = min.add(dollars(150, "0.60")).add(dollars(2000, "10.00"));
        assertThat(new BigDecimal(quote.at("/cost/min").asText())).isEqualByComparingTo(min);
        assertThat(new BigDecimal(quote.at("/cost/expected").asText())).isEqualByComparingTo(expected);
        assertThat(new BigDecimal(quote.at("/cost/max").asText())).isEqualByComparingTo(max);
        assertThat(quote.at("/cost/currency").asText()).isEqualTo("usd");

        var eta = quote.path("estimated_completion");
        var basis = eta.path("based_on");
        assertThat(basis.path("deployment").asText()).isEqualTo("metered");
        assertThat(basis.path("rpm").asInt()).isEqualTo(RPM);
        assertThat(basis.path("tpm").asInt()).isEqualTo(TPM);
        var minutes = Math.max((basis.path("backlog_jobs").asLong() + 6) / (double) RPM,
                (basis.path("backlog_tokens").asLong() + miniInput + bigInput + 1075) / (double) TPM);
        assertThat(eta.path("seconds").asLong()).isEqualTo((long) Math.ceil(minutes * 60));
        assertThat(eta.path("within_window").asBoolean()).isTrue();

        var inlineBody = Requests.batchOf(null, "/v1/chat/completions", "24h");
        inlineBody.remove("input_file_id");
        inlineBody.set("requests", lines);
        var inline = api.post("/v1/batches/quote", inlineBody);
        assertThat(inline.status()).as(inline.text()).isEqualTo(200);
        assertThat(inline.json().path("input_tokens").asLong()).isEqualTo(quote.path("input_tokens").asLong());
        assertThat(inline.json().path("cost")).isEqualTo(quote.path("cost"));
        assertNoRowsAdded(before, "an inline quote stores no inline file");
    }

    @Test
    void shouldTimeAPooledModelByTheSumOfItsDeploymentsLimits() throws Exception {
        var api = freshTenant();
        var requests = new Requests();
        for (int i = 1; i <= 4; i++) {
            requests.chat("nano-" + i, "gpt-4.1-nano", "Say " + i + ".", 20);
        }
        var file = api.upload(jsonl(requests.array()), "batch").json().path("id").asText();

        var answer = api.post("/v1/batches/quote", Requests.batchOf(file, "/v1/chat/completions", "24h"));

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        var basis = answer.json().at("/estimated_completion/based_on");
        assertThat(basis.path("deployment").asText()).isEqualTo("metered+metered-b");
        assertThat(basis.path("rpm").asInt()).isEqualTo(RPM + 300);
        assertThat(basis.path("tpm").asInt()).isEqualTo(TPM + 10_000);
    }

    @Test
    void shouldRefuseABadFileWithTheErrorACreateGives() throws Exception {
        var api = freshTenant();
        var text = "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-5-imaginary\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\nnot json\n";
        var file = api.upload(text.getBytes(StandardCharsets.UTF_8), "batch").json().path("id").asText();
        var body = Requests.batchOf(file, "/v1/chat/completions", "24h");
        var before = createTables();

        var quote = api.post("/v1/batches/quote", body);
        assertNoRowsAdded(before, "a refused quote writes nothing");
        var create = api.post("/v1/batches", body);

        assertThat(quote.status()).isEqualTo(400);
        assertThat(create.status()).isEqualTo(400);
        var quoteError = (ObjectNode) quote.json().path("error");
        var createError = (ObjectNode) create.json().path("error");
        quoteError.remove("request_id");
        createError.remove("request_id");
        assertThat(quoteError).isEqualTo(createError);
        assertThat(quoteError.at("/errors/data")).hasSize(2);

        var missing = api.post("/v1/batches/quote", Requests.batchOf("file-nope", "/v1/chat/completions", "24h"));
        assertThat(missing.status()).isEqualTo(404);
    }

    @Test
    void shouldExpectTheTenantsObservedMeanOutputOnceItHasRunTheModel() throws Exception {
        var api = freshTenant();
        var history = Requests.chat(12, "history");
        var file = api.upload(history.jsonl(), "batch").json().path("id").asText();
        var batch = api.post("/v1/batches", Requests.batchOf(file, "/v1/chat/completions", "24h")).json().path("id").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> "completed".equals(api.get("/v1/batches/" + batch).json().path("status").asText()));
        var tenant = db.strings("SELECT tenant_id FROM batches WHERE id = ?", batch).getFirst();
        var mean = db.count("SELECT round(sum(output_tokens)::numeric / sum(calls)) FROM ledger_daily WHERE tenant_id = ? AND model = 'gpt-4o-mini'",
                tenant);

        var next = new Requests().chat("n-1", "gpt-4o-mini", "one", 900).chat("n-2", "gpt-4o-mini", "two", 900);
        var body = Requests.batchOf(null, "/v1/chat/completions", "24h");
        body.remove("input_file_id");
        body.set("requests", next.array());
        var quote = api.post("/v1/batches/quote", body).json();

        var mini = model(quote, "gpt-4o-mini");
        assertThat(mini.path("expected_output_basis").asText()).isEqualTo("observed_mean");
        assertThat(mini.path("expected_output_tokens").asLong()).isEqualTo(2 * Math.min(900, mean));
    }

    @Test
    void shouldPrintTheQuoteForSubmitDryRunAndLeaveNoBatch() throws Exception {
        var issued = Tenants.create(stack.baseUrl(), "dry-" + Ids.random(6));
        var prompts = dir.resolve("dry.jsonl");
        Files.write(prompts, Requests.chat(3, "dry").jsonl());

        var out = new ByteArrayOutputStream();
        int exit;
        try (var o = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            exit = new Cli(Map.of("LLMQ_URL", stack.baseUrl(), "LLMQ_API_KEY", issued.key()), o, o, false)
                    .run("submit", prompts.toString(), "--dry-run");
        }

        var printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isZero();
        assertThat(printed).contains("dry run: nothing was submitted").contains("3 requests").contains("expected $").contains("ETA");
        assertThat(db.count("SELECT count(*) FROM batches WHERE tenant_id = ?", issued.tenantId())).isZero();
        assertThat(db.count("SELECT count(*) FROM files WHERE tenant_id = ? AND deleted_at IS NULL", issued.tenantId()))
                .as("the upload is deleted again").isZero();
    }

    private static Http freshTenant() throws Exception {
        return Http.to(stack.baseUrl()).bearer(Tenants.create(stack.baseUrl(), "quote-" + Ids.random(6)).key());
    }

    /**
     * No table a create writes has gained a row. Rows may go meanwhile: the suite's database is
     * shared, and a dispatcher drops the pages of batches that ended, which is no write of the quote.
     */
    private void assertNoRowsAdded(Map<String, Long> before, String why) throws Exception {
        var after = createTables();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        after.forEach((table, rows) -> assertThat(rows).as(why + ": " + table).isLessThanOrEqualTo(before.get(table)));
    }

    private Map<String, Long> createTables() throws Exception {
        var counts = new TreeMap<>(db.rowCounts());
        counts.keySet().retainAll(CREATE_TABLES);
        return counts;
    }

    /** The quote's framing: each message's content plus 3, plus 3 for the reply; special tokens as text. */
    private static long tokens(JsonNode body) {
        var encoding = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
        long tokens = 3;
        for (var message : body.path("messages")) {
            tokens += 3 + encoding.countTokensOrdinary(message.path("content").asText());
        }
        return tokens;
    }

    private static BigDecimal dollars(long tokens, String perMillion) {
        return new BigDecimal(perMillion).multiply(BigDecimal.valueOf(tokens)).divide(MILLION);
    }

    private static JsonNode model(JsonNode quote, String model) {
        for (var m : quote.path("per_model")) {
            if (m.path("model").asText().equals(model)) {
                return m;
            }
        }
        throw new AssertionError("no per_model entry for " + model + " in " + quote);
    }

    private static byte[] jsonl(Iterable<JsonNode> lines) {
        var text = new StringBuilder();
        lines.forEach(l -> text.append(Json.toText(l)).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
