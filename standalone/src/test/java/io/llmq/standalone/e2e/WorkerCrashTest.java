package io.llmq.standalone.e2e;

import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.demo.ApiClient;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker stops abruptly mid-batch: its consumer leaves without committing, its queued outcomes
 * are dropped and its in-flight provider calls are abandoned. The other worker takes over its
 * partitions and every job still ends exactly once.
 */
class WorkerCrashTest {
    private Stack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldLoseNoJobAndWriteNoDuplicateWhenAWorkerDiesMidBatch(@TempDir Path dir) throws Exception {
        stack = Stack.start(StackConfig.forTests(2, Duration.ofMillis(150)), TestEngines.sharedKafka(), TestEngines.sharedPostgres());
        var api = new ApiClient(stack.baseUrl(), stack.apiKey());
        var ledger = new Ledger(stack.postgres());
        var jobs = 1500;
        var file = api.uploadBatchFile("crash.jsonl", BatchFiles.chat(jobs, "crash").bytes());
        var batchId = api.createBatch(file.path("id").asText(), "normal").path("id").asText();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.batch(batchId).path("request_counts").path("completed").asInt() >= jobs / 5);
        var victim = stack.workers().get(0);
        var inFlightAtCrash = victim.inFlight();
        stack.haltWorker(victim);

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> "completed".equals(api.batch(batchId).path("status").asText()));
        var batch = api.batch(batchId);
        assertThat(batch.path("request_counts").path("completed").asInt()).isEqualTo(jobs);
        assertThat(batch.path("request_counts").path("failed").asInt()).isZero();

        assertThat(ledger.count("SELECT count(*) FROM job_results WHERE batch_id = ?", batchId)).isEqualTo(jobs);
        assertThat(ledger.count("SELECT count(DISTINCT custom_id) FROM job_results WHERE batch_id = ?", batchId)).isEqualTo(jobs);
        var totals = ledger.ledgerOf(batchId);
        assertThat(totals.rows()).as("one ledger row per job, none twice").isEqualTo(jobs);
        assertThat(totals.distinctJobs()).isEqualTo(jobs);

        // Calls the dead worker had in flight were billed by the provider but never recorded:
        // the only allowed gap between the bill and the ledger, and it is bounded by what was in flight.
        var bill = stack.simulator().bill();
        assertThat(bill.calls()).isBetween((long) jobs, (long) jobs + inFlightAtCrash + 64);
        assertThat(totals.inputTokens()).isLessThanOrEqualTo(bill.promptTokens());

        var output = dir.resolve("out.jsonl");
        api.download(batch.path("output_file_id").asText(), output);
        assertThat(Files.readAllLines(output)).hasSize(jobs);
    }
}
