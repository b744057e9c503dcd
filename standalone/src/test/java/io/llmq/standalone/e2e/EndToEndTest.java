package io.llmq.standalone.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;
import io.llmq.schema.message.ResultEvent;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.demo.ApiClient;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One batch through the public API, on a real Kafka broker and a real PostgreSQL, two workers. */
class EndToEndTest {
    private static Stack stack;
    private static ApiClient api;
    private static Ledger ledger;

    @BeforeAll
    static void startStack() throws Exception {
        stack = Stack.start(StackConfig.forTests(2, Duration.ofMillis(20)), TestEngines.sharedKafka(), TestEngines.sharedPostgres());
        api = new ApiClient(stack.baseUrl(), stack.apiKey());
        ledger = new Ledger(stack.postgres());
    }

    @AfterAll
    static void stopStack() {
        stack.close();
    }

    @Test
    void shouldRunEveryJobOnceAndReconcileLedgerWithProviderBill(@TempDir Path dir) throws Exception {
        var billBefore = stack.simulator().bill();
        var file = api.uploadBatchFile("facts.jsonl", BatchFiles.chat(300, "fact").bytes());
        var created = api.createBatch(file.path("id").asText(), "normal");
        var batchId = created.path("id").asText();
        assertThat(created.path("status").asText()).isIn("in_progress", "completed");
        assertThat(created.path("request_counts").path("total").asInt()).isEqualTo(300);

        var done = awaitTerminal(batchId);
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.path("request_counts").path("completed").asInt()).isEqualTo(300);
        assertThat(done.path("request_counts").path("failed").asInt()).isZero();
        assertThat(done.path("completed_at").isNumber()).isTrue();
        assertThat(done.path("error_file_id").isNull()).isTrue();

        var output = dir.resolve("out.jsonl");
        api.download(done.path("output_file_id").asText(), output);
        var lines = Files.readAllLines(output);
        var customIds = lines.stream().map(l -> readTree(l).path("custom_id").asText()).collect(Collectors.toList());
        assertThat(customIds).hasSize(300).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 300).mapToObj(i -> "fact-" + i).toList());
        var first = readTree(lines.get(0));
        assertThat(first.path("id").asText()).startsWith("batch_req_");
        assertThat(first.path("response").path("status_code").asInt()).isEqualTo(200);
        assertThat(first.path("response").path("body").path("choices").get(0).path("message").path("content").asText()).isNotEmpty();
        assertThat(first.path("error").isNull()).isTrue();

        var bill = stack.simulator().bill();
        var totals = ledger.ledgerOf(batchId);
        assertThat(bill.calls() - billBefore.calls()).isEqualTo(300);
        assertThat(totals.rows()).isEqualTo(300);
        assertThat(totals.distinctJobs()).isEqualTo(300);
        assertThat(totals.inputTokens()).isEqualTo(bill.promptTokens() - billBefore.promptTokens());
        assertThat(totals.outputTokens()).isEqualTo(bill.completionTokens() - billBefore.completionTokens());
        assertThat(done.path("usage").path("input_tokens").asLong()).isEqualTo(totals.inputTokens());
        assertThat(done.path("usage").path("output_tokens").asLong()).isEqualTo(totals.outputTokens());
        assertThat(totals.cost()).isPositive();
        assertThat(new java.math.BigDecimal(done.path("llmq").path("cost_usd").asText())).isEqualByComparingTo(totals.cost());
    }

    @Test
    void shouldAnnounceEveryJobAndTheBatchOnTheResultsTopic() throws Exception {
        try (var events = new ResultEvents(stack.kafka(), stack.config().topics().resultsTopic())) {
            var file = api.uploadBatchFile("events.jsonl", BatchFiles.chat(50, "ev").bytes());
            var batchId = api.createBatch(file.path("id").asText(), "high").path("id").asText();
            awaitTerminal(batchId);
            await().atMost(Duration.ofSeconds(60)).until(() -> events.of(batchId).stream()
                    .anyMatch(e -> e.type().equals(ResultEvent.BATCH_COMPLETED)));
            var seen = events.of(batchId);
            Set<String> uniqueIds = new HashSet<>();
            seen.forEach(e -> uniqueIds.add(e.eventId()));
            var jobEvents = seen.stream().filter(e -> e.type().equals(ResultEvent.JOB_COMPLETED))
                    .collect(Collectors.toMap(ResultEvent::eventId, ResultEvent::customId, (a, b) -> a));
            assertThat(jobEvents.values()).hasSize(50).doesNotHaveDuplicates();
            assertThat(uniqueIds).hasSize(51);
        }
    }

    private static JsonNode awaitTerminal(String batchId) {
        var holder = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            holder[0] = api.batch(batchId);
            return Set.of("completed", "failed", "expired", "cancelled").contains(holder[0].path("status").asText());
        });
        return holder[0];
    }

    private static JsonNode readTree(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
