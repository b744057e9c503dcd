package io.llmq.standalone.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.cli.Cli;
import io.llmq.schema.Ids;
import io.llmq.simulator.Fault;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import io.llmq.submitter.Submitter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /v1/batches/{id}/retry}: a new batch of exactly the failed and expired lines of an
 * ended batch, with their bodies and custom_ids, the parent's settings and metadata plus
 * {@code llmq_parent_batch}; asked again, the same child. Failures come from the simulator's
 * injected faults (a model of the test's own), expiry from a second submitter whose clock runs
 * 25 hours behind (as in {@link BatchExpiryTest}).
 */
class RetryFailedTest {
    private static final Set<String> ENDED = Set.of("completed", "failed", "expired", "cancelled");
    private static Stack stack;
    private static Submitter lagging;
    private static Http api;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(5)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY));
        lagging = LaggingSubmitter.start(stack, Map.of());
        api = Http.to(stack.baseUrl()).bearer(stack.apiKey());
        db = new Database(stack.postgres());
    }

    @AfterAll
    static void stop() {
        lagging.close();
        stack.close();
    }

    @Test
    void shouldRetryExactlyTheFailedLinesOnceAndAnswerTheSameChildAgain() throws Exception {
        // the three gpt-4.1-nano calls meet a permanent 400; their retries, later, do not
        stack.simulator().inject(Fault.status(400).code("context_length_exceeded").forModel("gpt-4.1-nano").times(3));
        var requests = new Requests();
        for (int i = 1; i <= 7; i++) {
            var bad = i % 2 == 0;
            requests.chat((bad ? "bad-" : "ok-") + i, bad ? "gpt-4.1-nano" : "gpt-4o-mini", "Retry fact " + i, 8);
        }
        var file = api.upload(requests.jsonl(), "batch").json().path("id").asText();
        var body = Requests.batchOf(file, "/v1/chat/completions", "24h");
        body.put("priority", "low");
        body.putObject("metadata").put("team", "search");
        var parent = api.post("/v1/batches", body).json().path("id").asText();
        var ended = awaitEnded(api, parent);
        assertThat(ended.path("status").asText()).isEqualTo("completed");
        assertThat(ended.at("/llmq/request_counts/failed").asInt()).isEqualTo(3);

        var first = api.post("/v1/batches/" + parent + "/retry", "");
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        var child = first.json();
        assertThat(child.path("id").asText()).isNotEqualTo(parent);
        assertThat(child.at("/request_counts/total").asInt()).isEqualTo(3);
        assertThat(child.at("/metadata/llmq_parent_batch").asText()).isEqualTo(parent);
        assertThat(child.at("/metadata/team").asText()).as("the parent's metadata is carried over").isEqualTo("search");
        assertThat(child.at("/llmq/priority").asText()).isEqualTo("low");
        assertThat(child.path("completion_window").asText()).isEqualTo("24h");
        assertThat(child.path("input_file_id").asText()).isNotEqualTo(file);
        // the child's input is the parent's failed lines, byte for byte the requests they were
        var parentLines = List.of(new String(requests.jsonl(), StandardCharsets.UTF_8).split("\n"));
        var childLines = List.of(api.get("/v1/files/" + child.path("input_file_id").asText() + "/content").text().split("\n"));
        assertThat(childLines).containsExactly(parentLines.get(1), parentLines.get(3), parentLines.get(5));

        var again = api.post("/v1/batches/" + parent + "/retry", "{}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asText()).as("a second retry answers with the first child").isEqualTo(child.path("id").asText());
        assertThat(db.count("SELECT count(*) FROM batches WHERE parent_batch_id = ?", parent)).isEqualTo(1);

        var childEnded = awaitEnded(api, child.path("id").asText());
        assertThat(childEnded.at("/llmq/request_counts/succeeded").asInt()).isEqualTo(3);
        assertThat(db.strings("SELECT custom_id FROM job_results WHERE batch_id = ? AND status = 'succeeded' ORDER BY line",
                child.path("id").asText())).containsExactly("bad-2", "bad-4", "bad-6");

        var other = Tenants.create(stack.baseUrl(), "retry-" + Ids.random(6));
        var theirs = Http.to(stack.baseUrl()).bearer(other.key()).post("/v1/batches/" + parent + "/retry", "");
        assertThat(theirs.status()).isEqualTo(404);
        assertThat(theirs.json().at("/error/code").asText()).isEqualTo("NOT_FOUND");

        var printed = cli("retry", parent);
        assertThat(printed).as("the CLI prints the same child").contains(child.path("id").asText());
    }

    @Test
    void shouldMakeOneChildWhenRetriesOfTheSameBatchRace() throws Exception {
        stack.simulator().inject(Fault.status(400).code("context_length_exceeded").forModel("gpt-4.1-nano").times(2));
        var requests = new Requests().chat("race-1", "gpt-4.1-nano", "one", 8).chat("race-2", "gpt-4.1-nano", "two", 8);
        var file = api.upload(requests.jsonl(), "batch").json().path("id").asText();
        var parent = api.post("/v1/batches", Requests.batchOf(file, "/v1/chat/completions", "24h")).json().path("id").asText();
        assertThat(awaitEnded(api, parent).at("/llmq/request_counts/failed").asInt()).isEqualTo(2);

        var start = new CountDownLatch(1);
        List<Future<Http.Answer>> answers = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return api.post("/v1/batches/" + parent + "/retry", "");
                }));
            }
            start.countDown();
        }
        Set<String> children = new HashSet<>();
        for (var answer : answers) {
            assertThat(answer.get().status()).as(answer.get().text()).isEqualTo(200);
            children.add(answer.get().json().path("id").asText());
        }
        assertThat(children).as("every racing retry answers with the one child").hasSize(1);
        assertThat(db.count("SELECT count(*) FROM batches WHERE parent_batch_id = ?", parent)).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM files WHERE filename = ?", "retry_of_" + parent + ".jsonl"))
                .as("the losers' input files rolled back with their headers").isEqualTo(1);
        // its jobs end before the next test injects faults for the same model
        assertThat(awaitEnded(api, children.iterator().next()).path("status").asText()).isEqualTo("completed");
    }

    @Test
    void shouldRetryExpiredRequestsThatNeverReachedAProviderWithAnOverriddenWindow() throws Exception {
        var late = Http.to("http://localhost:" + lagging.port()).bearer(stack.apiKey());
        var file = late.upload(Requests.chat(12, "late").jsonl(), "batch").json().path("id").asText();
        var parent = late.post("/v1/batches", Requests.batchOf(file, "/v1/chat/completions", "1m")).json().path("id").asText();
        assertThat(awaitEnded(api, parent).path("status").asText()).isEqualTo("expired");

        var child = api.post("/v1/batches/" + parent + "/retry", "{\"completion_window\":\"2h\",\"priority\":\"high\"}");
        assertThat(child.status()).as(child.text()).isEqualTo(200);
        assertThat(child.json().at("/request_counts/total").asInt()).isEqualTo(12);
        assertThat(child.json().path("completion_window").asText()).isEqualTo("2h");
        assertThat(child.json().at("/llmq/priority").asText()).isEqualTo("high");
        var childId = child.json().path("id").asText();
        assertThat(awaitEnded(api, childId).path("status").asText()).isEqualTo("completed");
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            ids.add("late-" + i);
        }
        assertThat(db.strings("SELECT custom_id FROM job_results WHERE batch_id = ? ORDER BY line", childId)).isEqualTo(ids);
    }

    @Test
    void shouldRefuseABatchThatHasNotEndedOrHasNothingToRetry() throws Exception {
        stack.simulator().inject(Fault.hang(Duration.ofSeconds(15)).forModel("gpt-4o").times(1));
        var running = new Requests().chat("slow-1", "gpt-4o", "Take your time", 8);
        var runningFile = api.upload(running.jsonl(), "batch").json().path("id").asText();
        var runningId = api.post("/v1/batches", Requests.batchOf(runningFile, "/v1/chat/completions", "24h")).json().path("id").asText();
        var notEnded = api.post("/v1/batches/" + runningId + "/retry", "");
        assertThat(notEnded.status()).isEqualTo(409);
        assertThat(notEnded.json().at("/error/code").asText()).isEqualTo("BATCH_NOT_ENDED");
        assertThat(notEnded.json().at("/error/message").asText()).contains(runningId);

        var fine = api.upload(Requests.chat(2, "fine").jsonl(), "batch").json().path("id").asText();
        var fineId = api.post("/v1/batches", Requests.batchOf(fine, "/v1/chat/completions", "24h")).json().path("id").asText();
        assertThat(awaitEnded(api, fineId).path("status").asText()).isEqualTo("completed");
        var nothing = api.post("/v1/batches/" + fineId + "/retry", "");
        assertThat(nothing.status()).isEqualTo(409);
        assertThat(nothing.json().at("/error/code").asText()).isEqualTo("NOTHING_TO_RETRY");
        assertThat(db.count("SELECT count(*) FROM batches WHERE parent_batch_id IN (?, ?)", runningId, fineId)).isZero();

        var unknown = api.post("/v1/batches/" + fineId + "/retry", "{\"input_file_id\":\"file-x\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/error/param").asText()).isEqualTo("input_file_id");
    }

    private static JsonNode awaitEnded(Http http, String id) {
        var seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            seen[0] = http.get("/v1/batches/" + id).json();
            return ENDED.contains(seen[0].path("status").asText());
        });
        return seen[0];
    }

    private static String cli(String... args) {
        var out = new ByteArrayOutputStream();
        try (var o = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            var exit = new Cli(Map.of("LLMQ_URL", stack.baseUrl(), "LLMQ_API_KEY", stack.apiKey()), o, o, false).run(args);
            assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
