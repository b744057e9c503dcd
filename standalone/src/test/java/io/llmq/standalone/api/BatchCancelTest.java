package io.llmq.standalone.api;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;
import io.llmq.schema.Json;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cancel stops new provider calls at once: calls already under way finish and are kept, every
 * other job ends {@code cancelled} without reaching the provider, and the batch ends
 * {@code cancelled} with its output and error files. Slow provider (1 s a call) and one worker,
 * so most of the batch is still staged, never released by the dispatcher, when the cancel arrives:
 * those jobs end without ever reaching Kafka and are listed in the error file from their pages.
 */
class BatchCancelTest {
    private static final int JOBS = 3000;
    private static Stack stack;
    private static OpenAIClient client;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofSeconds(1)), TestEngines.sharedKafka(), TestEngines.sharedPostgres());
        client = OpenAIOkHttpClient.builder().baseUrl(stack.baseUrl() + "/v1").apiKey(stack.apiKey()).maxRetries(0).build();
        db = new Database(stack.postgres());
    }

    @AfterAll
    static void stop() {
        client.close();
        stack.close();
    }

    @Test
    void shouldStopNewProviderCallsKeepCallsInFlightAndEndCancelled() throws Exception {
        var callsBefore = stack.simulator().bill().calls();
        var file = client.files().create(FileCreateParams.builder().file(Requests.chat(JOBS, "cancel").jsonl())
                .purpose(FilePurpose.BATCH).build());
        var batch = client.batches().create(BatchCreateParams.builder().inputFileId(file.id())
                .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                .completionWindow(BatchCreateParams.CompletionWindow._24H).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> stack.inFlight() > 0);

        var cancelling = client.batches().cancel(batch.id());
        assertThat(cancelling.status()).isEqualTo(Batch.Status.CANCELLING);
        assertThat(cancelling.cancellingAt()).isPresent();

        var ended = new Batch[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            ended[0] = client.batches().retrieve(batch.id());
            return ended[0].status().equals(Batch.Status.CANCELLED);
        });
        var counts = ended[0].requestCounts().orElseThrow();
        assertThat(ended[0].cancelledAt()).isPresent();
        assertThat(counts.total()).isEqualTo(JOBS);
        assertThat(counts.completed() + counts.failed()).isEqualTo(JOBS);
        long cancelled = db.count("SELECT cancelled FROM batches WHERE id = ?", batch.id());
        assertThat(cancelled).as("most of the batch never started: %s", db.strings(
                "SELECT status || ':' || count(*) FROM job_results WHERE batch_id = ? GROUP BY status", batch.id())).isGreaterThan(JOBS / 2);
        assertThat(cancelled + counts.completed()).isEqualTo(JOBS);
        // the dispatcher released only what the worker could hold: the rest never reached Kafka and has no row
        assertThat(db.count("SELECT count(*) FROM job_results WHERE batch_id = ?", batch.id())).isLessThan(JOBS / 2);
        // every provider call made for this batch is a kept result: no call started for a cancelled job
        assertThat(stack.simulator().bill().calls() - callsBefore).isEqualTo(counts.completed());
        assertThat(db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ?", batch.id())).isEqualTo(counts.completed());

        var errors = lines(ended[0].errorFileId().orElseThrow());
        for (var resultFile : List.of(ended[0].outputFileId().orElseThrow(), ended[0].errorFileId().orElseThrow())) {
            try (var content = client.files().content(resultFile)) {
                assertThat(client.files().retrieve(resultFile).bytes()).as("bytes of %s: released and never-released lines", resultFile)
                        .isEqualTo(content.body().readAllBytes().length);
            }
        }
        assertThat(errors).hasSize((int) cancelled);
        var outputs = lines(ended[0].outputFileId().orElseThrow());
        var everyId = new java.util.HashSet<String>();
        for (var l : errors) {
            var node = Json.MAPPER.readTree(l);
            assertThat(node.at("/error/code").asText()).isEqualTo("batch_cancelled");
            everyId.add(node.path("custom_id").asText());
        }
        for (var l : outputs) {
            everyId.add(Json.MAPPER.readTree(l).path("custom_id").asText());
        }
        assertThat(everyId).as("every request is in exactly one of the two files").hasSize(JOBS);
        var line = Json.MAPPER.readTree(errors.get(0));
        assertThat(line.at("/error/code").asText()).isEqualTo("batch_cancelled");
        assertThat(line.path("response").isNull()).isTrue();
        assertThat(lines(ended[0].outputFileId().orElseThrow())).hasSize((int) counts.completed());

        var again = client.batches().cancel(batch.id());
        assertThat(again.status()).as("cancelling a cancelled batch changes nothing").isEqualTo(Batch.Status.CANCELLED);
    }

    private static List<String> lines(String fileId) throws Exception {
        List<String> lines = new ArrayList<>();
        try (var content = client.files().content(fileId);
             var reader = new BufferedReader(new InputStreamReader(content.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }
}
