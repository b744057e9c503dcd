package io.llmq.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ./llmq bench <scenario>} as the launcher does: a JVM on the packaged jar and
 * {@code target/lib/*} (hence integration tests, after {@code package}), results into a test
 * folder, and the output kept for the assertions and their diagnosis.
 *
 * @param exited   false if it was still running at the timeout (then it was killed)
 * @param output   its stdout, line by line; the last line is the run's JSON report
 */
public record BenchProcess(boolean exited, int exitValue, List<String> output, String diagnosis) {

    public static BenchProcess run(String scenario, Map<String, String> settings, Path results, String heap, long timeoutSeconds)
            throws IOException, InterruptedException {
        var module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        var stdout = results.resolve("stdout.txt");
        var stderr = results.resolve("stderr.txt");
        var builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap,
                "--enable-native-access=ALL-UNNAMED", "-Dlogback.configurationFile=llmq-bench-logback.xml",
                "-cp", module.resolve("target/llmq-bench.jar") + File.pathSeparator + module.resolve("target/lib") + File.separator + "*",
                BenchMain.class.getName(), scenario))
                .directory(module.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().put("LLMQ_BENCH_RESULTS_DIR", results.toString());
        builder.environment().putAll(settings);
        var process = builder.start();
        var exited = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        var output = Files.readAllLines(stdout);
        var errors = Files.readAllLines(stderr);
        var diagnosis = String.join("\n", output) + "\n--- stderr (tail) ---\n"
                + String.join("\n", errors.subList(Math.max(0, errors.size() - 80), errors.size()));
        return new BenchProcess(exited, exited ? process.exitValue() : -1, output, diagnosis);
    }

    public String lastLine() {
        return output.getLast();
    }
}
