package io.llmq.bench;

import io.llmq.schema.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
        var module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        var stdout = results.resolve("stdout.txt");
        var builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "--enable-native-access=ALL-UNNAMED", "-Dlogback.configurationFile=llmq-bench-logback.xml",
                "-cp", module.resolve("target/llmq-bench.jar") + File.pathSeparator + module.resolve("target/lib") + File.separator + "*",
                BenchMain.class.getName(), "throughput"))
                .directory(module.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(results.resolve("stderr.txt").toFile());
        var env = builder.environment();
        env.put("LLMQ_BENCH_RESULTS_DIR", results.toString());
        env.put("LLMQ_BENCH_JOBS", "150");
        env.put("LLMQ_BENCH_WARMUP_JOBS", "50");
        env.put("LLMQ_BENCH_RAW_MESSAGES", "100");
        env.put("LLMQ_BENCH_RAW_ROWS", "100");
        env.put("LLMQ_BENCH_WORKERS", "1");
        env.put("LLMQ_BENCH_TIMEOUT_SECONDS", "60");
        env.put("LLMQ_BENCH_WORKER_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        env.put("LLMQ_BENCH_KAFKA_JAVA_OPTS", "-Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");

        var process = builder.start();
        var exited = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        var output = Files.readAllLines(stdout);
        var diagnosis = String.join("\n", output) + "\n--- stderr ---\n" + Files.readString(results.resolve("stderr.txt"));
        assertThat(exited).as(diagnosis).isTrue();
        assertThat(process.exitValue()).as(diagnosis).isZero();
        var last = output.getLast();
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
