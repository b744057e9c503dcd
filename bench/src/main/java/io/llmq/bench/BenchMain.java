package io.llmq.bench;

import io.llmq.bench.report.Progress;
import io.llmq.bench.report.ResultsFile;
import io.llmq.bench.report.RunReport;
import io.llmq.bench.rig.RigConfig;
import io.llmq.schema.Json;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./llmq bench <scenario> [more scenarios]}: runs each scenario on a fresh rig, prints
 * progress lines, and ends each run with one JSON object on a line of its own, which is also
 * appended to {@code bench/results/<scenario>.jsonl}. Exits 0 when every run produced its
 * figures (a timed-out wait is a figure, {@code "timed_out": true}), 1 when a run failed or broke an
 * invariant it checks ({@code "passed": false}), 2 on a
 * usage error.
 */
public final class BenchMain {
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, Env.system(), System.out));
    }

    static int run(String[] args, Env env, PrintStream out) {
        var scenarios = new ArrayList<Scenario>();
        for (var arg : args) {
            var scenario = Scenarios.named(arg);
            if (scenario.isEmpty()) {
                usage(System.err, "unknown scenario '" + arg + "'");
                return 2;
            }
            scenarios.add(scenario.get());
        }
        if (scenarios.isEmpty()) {
            usage(out, null);
            return 2;
        }
        var resultsDir = Path.of(env.text("LLMQ_BENCH_RESULTS_DIR", "bench/results"));
        var failed = false;
        for (var scenario : scenarios) {
            failed |= !runOne(scenario, env, resultsDir, out);
        }
        return failed ? 1 : 0;
    }

    private static boolean runOne(Scenario scenario, Env env, Path resultsDir, PrintStream out) {
        var started = Instant.now();
        var progress = new Progress(out, Duration.ofSeconds(env.atLeast("LLMQ_BENCH_PROGRESS_SECONDS", 5, 1)));
        var run = new BenchRun(scenario.name(), scenario.name() + "-" + RUN_ID.format(started), env,
                resultsDir.resolve("logs"), progress);
        progress.line("scenario " + scenario.name() + ": " + scenario.summary());
        ScenarioResult result = null;
        String error = null;
        var began = System.nanoTime();
        try {
            result = scenario.run(run);
        } catch (Exception e) {
            error = e.toString();
            e.printStackTrace(System.err);
        }
        var workers = env.atLeast("LLMQ_BENCH_WORKERS", scenario.defaultWorkers(), 1);
        var report = RunReport.of(scenario.name(), started, (System.nanoTime() - began) / 1e9, workers,
                env.text("LLMQ_BENCH_WORKER_JAVA_OPTS", RigConfig.DEFAULT_WORKER_JAVA_OPTS), result, error);
        var line = Json.toText(report);
        try {
            progress.line("appended to " + ResultsFile.append(resultsDir, scenario.name(), line));
        } catch (java.io.IOException e) {
            progress.line("warning: cannot append to " + resultsDir + ": " + e);
        }
        out.println(line);
        out.flush();
        // a scenario that checks invariants (chaos) reports "passed": a run that breaks one fails
        return error == null && report.path("passed").asBoolean(true);
    }

    private static void usage(PrintStream to, String problem) {
        if (problem != null) {
            to.println("llmq bench: " + problem);
        }
        List<String> lines = new ArrayList<>();
        lines.add("usage: ./llmq bench <scenario> [more scenarios]");
        lines.add("");
        for (var scenario : Scenarios.ALL) {
            lines.add(String.format("  %-11s %s", scenario.name(), scenario.summary()));
        }
        lines.add("");
        lines.add("Sizes and limits are LLMQ_BENCH_* environment variables; see README.md (\"Benchmarks\").");
        lines.forEach(to::println);
    }
}
