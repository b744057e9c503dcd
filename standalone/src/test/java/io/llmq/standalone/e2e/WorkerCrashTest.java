package io.llmq.standalone.e2e;

import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.demo.ApiClient;
import io.llmq.standalone.engine.TestEngines;
import io.llmq.simulator.BilledCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker stops abruptly mid-batch: its consumer leaves without committing, its queued outcomes
 * are dropped and its in-flight provider calls are abandoned. The other worker takes over its
 * partitions and every job still ends exactly once; the calls it had in flight, billed by the
 * provider, enter the ledger as estimates.
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
        // the dead worker's calls are estimated 5 s after its last heartbeat, looked for twice a second
        stack = Stack.start(StackConfig.forTests(2, Duration.ofMillis(150)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_CALL_GONE_AFTER_SECONDS", "5", "LLMQ_CALL_SWEEP_EVERY_MS", "500"));
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
        assertThat(ledger.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ? AND kind = 'call'", batchId))
                .as("one answered call per job, none twice").isEqualTo(jobs);
        assertThat(ledger.count("SELECT count(DISTINCT job_id) FROM ledger_entries WHERE batch_id = ? AND kind = 'call'", batchId))
                .isEqualTo(jobs);

        // Calls the dead worker had in flight were billed by the provider, and their answers are
        // lost: each enters the ledger as an estimate once the worker is taken for gone.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> ledger.count("SELECT count(*) FROM call_attempts WHERE batch_id = ?", batchId) == 0);
        var bill = stack.simulator().bill();
        assertThat(bill.calls()).isBetween((long) jobs, (long) jobs + inFlightAtCrash + 64);
        var onLedger = ledger.attemptIds(batchId);
        var billed = stack.simulator().billedCalls().stream().map(BilledCall::attemptId).toList();
        assertThat(onLedger).as("every billed call is on the ledger").containsAll(billed);
        var estimates = ledger.count("""
                SELECT count(*) FROM ledger_entries e WHERE batch_id = ? AND kind = 'estimated'
                AND NOT EXISTS (SELECT 1 FROM ledger_entries w WHERE w.kind = 'correction' AND w.attempt_id = e.attempt_id)""", batchId);
        // an abandoned call the simulator never answered is estimated too: what was in flight bounds them
        assertThat(estimates).as("estimates stand for the calls without an answer")
                .isBetween(bill.calls() - jobs, (long) inFlightAtCrash + 64)
                .isEqualTo(ledger.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ? AND kind = 'estimated'"
                        + " AND attempt_id LIKE '%/" + victim.instanceId() + "'", batchId));

        var output = dir.resolve("out.jsonl");
        api.download(batch.path("output_file_id").asText(), output);
        assertThat(Files.readAllLines(output)).hasSize(jobs);
    }
}
