package io.llmq.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.bench.BenchProcess;
import io.llmq.schema.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos suite, small, started exactly as {@code ./llmq chaos} starts it: 2,000 jobs on three
 * worker processes against a provider with 5 % 500s and 429 bursts. Each run passes only if its own
 * audit found no mismatch (every job terminal once, every call on the provider's itemised bill on the
 * ledger, answered or estimated for a killed worker, one event per job after de-duplication) and its
 * exit status says so.
 */
class ChaosIT {
    private static final long TIMEOUT_SECONDS = 420;
    private static final Map<String, String> SMALL = Map.of(
            "LLMQ_CHAOS_JOBS", "2000",
            "LLMQ_CHAOS_BATCH_SIZE", "1000",
            "LLMQ_CHAOS_KILLS", "1",
            "LLMQ_BENCH_WORKER_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");

    /** One worker killed with {@code kill -9}, the Kafka broker and PostgreSQL ({@code fsync} on) killed and restarted. */
    @Test
    void shouldFinishEveryJobOnceAndMatchTheBillThroughAWorkerKillAndBrokerAndDatabaseRestarts(@TempDir Path results)
            throws Exception {
        var report = passedRun("chaos", Map.of(
                "LLMQ_CHAOS_KAFKA_RESTARTS", "1",
                "LLMQ_CHAOS_POSTGRES_RESTARTS", "1",
                "LLMQ_CHAOS_TIMEOUT_SECONDS", "300",
                "LLMQ_BENCH_KAFKA_JAVA_OPTS", "-Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"), results);

        assertThat(report.path("disruptions_done").asInt()).isEqualTo(3);
    }

    /**
     * Three Kafka brokers (llmq's topics replicated 3 times, {@code min.insync.replicas} 2, every
     * client given the three addresses): one worker killed, then the broker coordinating the
     * workers' group killed for good; the cluster must move its partitions to the two left.
     */
    @Test
    void shouldFinishEveryJobOnceAndMatchTheBillWhenABrokerOfThreeIsKilledForGood(@TempDir Path results) throws Exception {
        var report = passedRun("chaos-cluster", Map.of(
                "LLMQ_CHAOS_TIMEOUT_SECONDS", "240",
                "LLMQ_BENCH_KAFKA_JAVA_OPTS", "-Xmx384m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"), results);

        assertThat(report.path("disruptions_done").asInt()).isEqualTo(2);
        assertThat(report.path("replication_factor").asInt()).isEqualTo(3);
        assertThat(report.path("min_insync_replicas").asInt()).isEqualTo(2);
        var lost = report.path("brokers_lost");
        assertThat(lost).hasSize(1);
        assertThat(lost.get(0).path("recovered").asBoolean()).as(lost.toString()).isTrue();
        assertThat(lost.get(0).path("leader_elections").asInt()).as(lost.toString()).isPositive();
        assertThat(lost.get(0).path("new_group_coordinator").asInt()).isNotEqualTo(lost.get(0).path("node").asInt());
    }

    /** Runs the scenario at the small size plus {@code settings}; returns its report once the audit passed. */
    private static JsonNode passedRun(String scenario, Map<String, String> settings, Path results) throws Exception {
        var env = new HashMap<>(SMALL);
        env.putAll(settings);
        var run = BenchProcess.run(scenario, env, results, "-Xmx768m", TIMEOUT_SECONDS);

        assertThat(run.exited()).as(run.diagnosis()).isTrue();
        var report = Json.MAPPER.readTree(run.lastLine());
        assertThat(report.path("mismatches").isEmpty()).as(run.diagnosis()).isTrue();
        assertThat(run.exitValue()).as(run.diagnosis()).isZero();
        assertThat(report.path("passed").asBoolean()).isTrue();
        assertThat(report.path("jobs_terminal").asLong()).isEqualTo(2000);
        assertThat(report.path("duplicate_results").asLong()).isZero();
        assertThat(report.path("unrecorded_calls").asLong()).isZero();
        assertThat(report.path("unbilled_ledger_rows").asLong()).isZero();
        assertThat(report.path("ledger_tokens").asLong() + report.path("estimated_calls_billed_tokens").asLong())
                .isEqualTo(report.path("bill_tokens").asLong());
        assertThat(report.path("job_events_deduplicated").asLong()).isEqualTo(2000);
        return report;
    }
}
