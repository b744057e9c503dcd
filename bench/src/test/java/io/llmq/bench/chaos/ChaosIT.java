package io.llmq.bench.chaos;

import io.llmq.bench.BenchMain;
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
 * The chaos suite, small: 2,000 jobs on three worker processes against a provider with 5 % 500s
 * and 429 bursts, while one worker is killed with {@code kill -9}, the Kafka broker is killed and
 * restarted, and PostgreSQL ({@code fsync} on) is killed and restarted. Started exactly as
 * {@code ./llmq chaos} starts it; passes only if the run's own audit found no mismatch (every job
 * terminal once, the ledger equal to the provider's itemised bill but for calls lost at the kill,
 * one event per job after de-duplication) and its exit status says so.
 */
class ChaosIT {
    private static final long TIMEOUT_SECONDS = 420;

    @Test
    void shouldFinishEveryJobOnceAndMatchTheBillThroughAWorkerKillAndBrokerAndDatabaseRestarts(@TempDir Path results)
            throws Exception {
        var module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        var stdout = results.resolve("stdout.txt");
        var builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                "--enable-native-access=ALL-UNNAMED", "-Dlogback.configurationFile=llmq-bench-logback.xml",
                "-cp", module.resolve("target/llmq-bench.jar") + File.pathSeparator + module.resolve("target/lib") + File.separator + "*",
                BenchMain.class.getName(), "chaos"))
                .directory(module.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(results.resolve("stderr.txt").toFile());
        var env = builder.environment();
        env.put("LLMQ_BENCH_RESULTS_DIR", results.toString());
        env.put("LLMQ_CHAOS_JOBS", "2000");
        env.put("LLMQ_CHAOS_BATCH_SIZE", "1000");
        env.put("LLMQ_CHAOS_KILLS", "1");
        env.put("LLMQ_CHAOS_KAFKA_RESTARTS", "1");
        env.put("LLMQ_CHAOS_POSTGRES_RESTARTS", "1");
        env.put("LLMQ_CHAOS_TIMEOUT_SECONDS", "300");
        env.put("LLMQ_BENCH_WORKER_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        env.put("LLMQ_BENCH_KAFKA_JAVA_OPTS", "-Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");

        var process = builder.start();
        var exited = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        var output = Files.readAllLines(stdout);
        var diagnosis = String.join("\n", output) + "\n--- stderr (tail) ---\n" + tail(results.resolve("stderr.txt"));
        assertThat(exited).as(diagnosis).isTrue();
        var report = Json.MAPPER.readTree(output.getLast());
        assertThat(report.path("mismatches").isEmpty()).as(diagnosis).isTrue();
        assertThat(process.exitValue()).as(diagnosis).isZero();
        assertThat(report.path("passed").asBoolean()).isTrue();
        assertThat(report.path("disruptions_done").asInt()).isEqualTo(3);
        assertThat(report.path("jobs_terminal").asLong()).isEqualTo(2000);
        assertThat(report.path("duplicate_results").asLong()).isZero();
        assertThat(report.path("unrecorded_calls").asLong()).isZero();
        assertThat(report.path("unbilled_ledger_rows").asLong()).isZero();
        assertThat(report.path("ledger_tokens").asLong() + report.path("lost_in_flight_tokens").asLong())
                .isEqualTo(report.path("bill_tokens").asLong());
        assertThat(report.path("job_events_deduplicated").asLong()).isEqualTo(2000);
    }

    private static String tail(Path file) throws java.io.IOException {
        var lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }
}
