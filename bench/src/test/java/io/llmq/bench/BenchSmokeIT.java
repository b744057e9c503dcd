package io.llmq.bench;

import io.llmq.schema.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness itself, not a benchmark: a tiny throughput run started exactly as {@code ./llmq bench}
 * starts it (the packaged jar and {@code target/lib/*}, hence an integration test that runs after
 * {@code package}), on real engines with one worker process. It proves that the rig starts, that
 * a worker JVM finds its classes on that class path, and that the run ends with its JSON report.
 * The broker and the worker use quick-start JVM options to keep this to a few seconds.
 */
class BenchSmokeIT {
    private static final long TIMEOUT_SECONDS = 150;

    @Test
    void shouldRunATinyThroughputScenarioOnTheLaunchersClassPathAndEndWithItsJsonReport(@TempDir Path results) throws Exception {
        var run = BenchProcess.run("throughput", Map.of(
                "LLMQ_BENCH_JOBS", "150",
                "LLMQ_BENCH_WARMUP_JOBS", "50",
                "LLMQ_BENCH_RAW_MESSAGES", "100",
                "LLMQ_BENCH_RAW_ROWS", "100",
                "LLMQ_BENCH_WORKERS", "1",
                "LLMQ_BENCH_TIMEOUT_SECONDS", "60",
                "LLMQ_BENCH_WORKER_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                "LLMQ_BENCH_KAFKA_JAVA_OPTS", "-Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"), results, "-Xmx512m", TIMEOUT_SECONDS);

        assertThat(run.exited()).as(run.diagnosis()).isTrue();
        assertThat(run.exitValue()).as(run.diagnosis()).isZero();
        var last = run.lastLine();
        var report = Json.MAPPER.readTree(last);
        assertThat(report.path("scenario").asText()).isEqualTo("throughput");
        assertThat(report.path("ok").asBoolean()).isTrue();
        assertThat(report.path("workers").asInt()).isEqualTo(1);
        assertThat(report.path("jobs_succeeded").asInt()).isEqualTo(150);
        assertThat(report.path("timed_out").asBoolean()).isFalse();
        assertThat(report.path("jobs_per_s").asDouble()).isPositive();
        assertThat(report.path("kafka_raw_msgs_per_s").asLong()).isPositive();
        assertThat(report.path("pg_raw_rows_per_s").asLong()).isPositive();
        assertThat(report.path("worker_heap_mb").asLong()).isPositive();
        assertThat(report.path("cores").asInt()).isPositive();
        assertThat(Files.readAllLines(results.resolve("throughput.jsonl"))).containsExactly(last);
        try (var logs = Files.list(results.resolve("logs"))) {
            assertThat(logs.map(p -> p.getFileName().toString())).singleElement().asString().endsWith("-bench-w1.log");
        }
    }
}
