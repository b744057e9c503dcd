package io.llmq.bench.chaos;

import io.llmq.bench.BenchProcess;
import io.llmq.schema.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos suite, small: 2,000 jobs on three worker processes against a provider with 5 % 500s
 * and 429 bursts, while one worker is killed with {@code kill -9}, the Kafka broker is killed and
 * restarted, and PostgreSQL ({@code fsync} on) is killed and restarted. Started exactly as
 * {@code ./llmq chaos} starts it; passes only if the run's own audit found no mismatch (every job
 * terminal once, every call on the provider's itemised bill on the ledger (answered, or estimated for the killed worker),
 * one event per job after de-duplication) and its exit status says so.
 */
class ChaosIT {
    private static final long TIMEOUT_SECONDS = 420;

    @Test
    void shouldFinishEveryJobOnceAndMatchTheBillThroughAWorkerKillAndBrokerAndDatabaseRestarts(@TempDir Path results)
            throws Exception {
        var run = BenchProcess.run("chaos", Map.of(
                "LLMQ_CHAOS_JOBS", "2000",
                "LLMQ_CHAOS_BATCH_SIZE", "1000",
                "LLMQ_CHAOS_KILLS", "1",
                "LLMQ_CHAOS_KAFKA_RESTARTS", "1",
                "LLMQ_CHAOS_POSTGRES_RESTARTS", "1",
                "LLMQ_CHAOS_TIMEOUT_SECONDS", "300",
                "LLMQ_BENCH_WORKER_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                "LLMQ_BENCH_KAFKA_JAVA_OPTS", "-Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"), results, "-Xmx768m", TIMEOUT_SECONDS);

        assertThat(run.exited()).as(run.diagnosis()).isTrue();
        var report = Json.MAPPER.readTree(run.lastLine());
        assertThat(report.path("mismatches").isEmpty()).as(run.diagnosis()).isTrue();
        assertThat(run.exitValue()).as(run.diagnosis()).isZero();
        assertThat(report.path("passed").asBoolean()).isTrue();
        assertThat(report.path("disruptions_done").asInt()).isEqualTo(3);
        assertThat(report.path("jobs_terminal").asLong()).isEqualTo(2000);
        assertThat(report.path("duplicate_results").asLong()).isZero();
        assertThat(report.path("unrecorded_calls").asLong()).isZero();
        assertThat(report.path("unbilled_ledger_rows").asLong()).isZero();
        assertThat(report.path("ledger_tokens").asLong() + report.path("estimated_calls_billed_tokens").asLong())
                .isEqualTo(report.path("bill_tokens").asLong());
        assertThat(report.path("job_events_deduplicated").asLong()).isEqualTo(2000);
    }
}
