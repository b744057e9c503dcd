package io.llmq.bench;

import io.llmq.schema.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness itself, not a benchmark: a tiny throughput run on real engines with one worker
 * process, to prove that the rig starts, the worker JVM finds its classes, and the report is
 * written. The broker runs with the test engines' quick-start JVM options to keep this short.
 */
class BenchSmokeTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldRunATinyThroughputScenarioAndEndWithItsJsonReport(@TempDir Path results) throws Exception {
        var env = new Env(Map.of(
                "LLMQ_BENCH_RESULTS_DIR", results.toString(),
                "LLMQ_BENCH_JOBS", "150",
                "LLMQ_BENCH_RAW_MESSAGES", "100",
                "LLMQ_BENCH_RAW_ROWS", "100",
                "LLMQ_BENCH_WORKERS", "1",
                "LLMQ_BENCH_TIMEOUT_SECONDS", "60",
                "LLMQ_BENCH_WORKER_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                "LLMQ_BENCH_KAFKA_JAVA_OPTS", "-Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"));
        var bytes = new ByteArrayOutputStream();

        var exit = BenchMain.run(new String[] {"throughput"}, env, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        var lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
        var report = Json.MAPPER.readTree(lines[lines.length - 1]);
        assertThat(exit).as(String.join("\n", lines)).isZero();
        assertThat(report.path("scenario").asText()).isEqualTo("throughput");
        assertThat(report.path("ok").asBoolean()).isTrue();
        assertThat(report.path("workers").asInt()).isEqualTo(1);
        assertThat(report.path("jobs_succeeded").asInt()).isEqualTo(150);
        assertThat(report.path("timed_out").asBoolean()).isFalse();
        assertThat(report.path("jobs_per_s").asDouble()).isPositive();
        assertThat(report.path("kafka_raw_msgs_per_s").asLong()).isPositive();
        assertThat(report.path("pg_raw_rows_per_s").asLong()).isPositive();
        assertThat(report.path("worker_heap_mb").asLong()).isPositive();
        assertThat(report.has("cores")).isTrue();
        assertThat(Files.readAllLines(results.resolve("throughput.jsonl"))).containsExactly(lines[lines.length - 1]);
        try (var logs = Files.list(results.resolve("logs"))) {
            assertThat(logs.map(p -> p.getFileName().toString())).singleElement().asString().endsWith("-bench-w1.log");
        }
    }
}
