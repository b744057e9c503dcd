package io.llmq.bench.chaos;

import io.llmq.bench.BenchProcess;
import io.llmq.schema.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos suite on a broker cluster, small: 2,000 jobs on three worker processes and three Kafka
 * brokers (llmq's topics replicated 3 times, {@code min.insync.replicas} 2, every client given the
 * three addresses), against a provider with 5 % 500s and 429 bursts, while one worker is killed with
 * {@code kill -9} and then the broker coordinating the workers' group is killed for good. Started as
 * {@code ./llmq bench chaos-cluster} starts it; passes only if the run's own audit found nothing lost
 * and nothing twice, and the cluster moved the lost broker's partitions to the two left.
 */
class ChaosClusterIT {
    private static final long TIMEOUT_SECONDS = 360;

    @Test
    void shouldFinishEveryJobOnceAndMatchTheBillWhenABrokerOfThreeIsKilledForGood(@TempDir Path results) throws Exception {
        var run = BenchProcess.run("chaos-cluster", Map.of(
                "LLMQ_CHAOS_JOBS", "2000",
                "LLMQ_CHAOS_BATCH_SIZE", "1000",
                "LLMQ_CHAOS_KILLS", "1",
                "LLMQ_CHAOS_TIMEOUT_SECONDS", "240",
                "LLMQ_BENCH_WORKER_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                "LLMQ_BENCH_KAFKA_JAVA_OPTS", "-Xmx384m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"), results, "-Xmx768m", TIMEOUT_SECONDS);

        assertThat(run.exited()).as(run.diagnosis()).isTrue();
        var report = Json.MAPPER.readTree(run.lastLine());
        assertThat(report.path("mismatches").isEmpty()).as(run.diagnosis()).isTrue();
        assertThat(run.exitValue()).as(run.diagnosis()).isZero();
        assertThat(report.path("passed").asBoolean()).isTrue();
        assertThat(report.path("replication_factor").asInt()).isEqualTo(3);
        assertThat(report.path("min_insync_replicas").asInt()).isEqualTo(2);
        assertThat(report.path("disruptions_done").asInt()).isEqualTo(2);
        var lost = report.path("brokers_lost");
        assertThat(lost).hasSize(1);
        assertThat(lost.get(0).path("recovered").asBoolean()).as(lost.toString()).isTrue();
        assertThat(lost.get(0).path("leader_elections").asInt()).as(lost.toString()).isPositive();
        assertThat(lost.get(0).path("new_group_coordinator").asInt()).isNotEqualTo(lost.get(0).path("node").asInt());
        assertThat(report.path("jobs_terminal").asLong()).isEqualTo(2000);
        assertThat(report.path("duplicate_results").asLong()).isZero();
        assertThat(report.path("unrecorded_calls").asLong()).isZero();
        assertThat(report.path("unbilled_ledger_rows").asLong()).isZero();
        assertThat(report.path("ledger_tokens").asLong() + report.path("lost_in_flight_tokens").asLong())
                .isEqualTo(report.path("bill_tokens").asLong());
        assertThat(report.path("job_events_deduplicated").asLong()).isEqualTo(2000);
    }
}
