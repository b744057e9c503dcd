package io.llmq.bench.providerbatch;

import io.llmq.bench.BenchRun;
import io.llmq.bench.Scenario;
import io.llmq.bench.ScenarioResult;
import io.llmq.bench.load.ChatBatch;
import io.llmq.bench.rig.Rig;
import io.llmq.bench.rig.RigConfig;
import io.llmq.schema.Json;
import io.llmq.simulator.SimulatorLimits;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * One batch of 50,000 chat jobs (LLMQ_BENCH_JOBS) with {@code metadata.llmq_route: auto}
 * (LLMQ_BENCH_ROUTE) and a completion window of LLMQ_BENCH_WINDOW (24h), against the simulator's
 * OpenAI Batch API. Figures: how many jobs took each route (the ledger's kinds), what the batch
 * cost against what the same tokens cost all-sync, and the wall time against the window.
 */
public final class ProviderBatchScenario implements Scenario {
    private static final String TAG = "bench-provider-batch";
    private static final Set<String> ENDED = Set.of("completed", "failed", "expired", "cancelled");

    @Override
    public String name() {
        return "provider-batch";
    }

    @Override
    public int defaultWorkers() {
        return 1;
    }

    @Override
    public String summary() {
        return "a 50,000-job batch with llmq_route auto: jobs per route, cost against all-sync, wall time against the window";
    }

    @Override
    public ScenarioResult run(BenchRun run) throws Exception {
        var env = run.env();
        var jobs = env.atLeast("LLMQ_BENCH_JOBS", 50_000, 1);
        var route = env.text("LLMQ_BENCH_ROUTE", "auto");
        var window = env.text("LLMQ_BENCH_WINDOW", "24h");
        var maxTokens = env.atLeast("LLMQ_BENCH_MAX_TOKENS", 20, 1);
        var progress = run.progress();
        var template = Files.createTempFile("llmq-bench-catalogue", ".yaml");
        Files.writeString(template, ProviderBatchFigures.CATALOGUE);
        var config = RigConfig.of(run, defaultWorkers()).withSimulator(Duration.ofMillis(50), SimulatorLimits.none())
                .withCatalogueTemplate(template);
        try (var rig = Rig.start(config, progress)) {
            var file = rig.api().uploadBatchFile(TAG + ".jsonl", ChatBatch.jsonl(TAG, 1, jobs, Rig.MODEL, maxTokens));
            var body = Json.object().put("input_file_id", file.path("id").asText()).put("endpoint", "/v1/chat/completions")
                    .put("completion_window", window).put("priority", "low");
            body.putObject("metadata").put("llmq_route", route);
            var create = HttpRequest.newBuilder(URI.create(rig.apiBaseUrl() + "/v1/batches"))
                    .header("Authorization", "Bearer " + rig.apiKey()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.toText(body))).build();
            var started = System.nanoTime();
            var answer = HttpClient.newHttpClient().send(create, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("POST /v1/batches answered " + answer.statusCode() + ": " + answer.body());
            }
            var batchId = Json.MAPPER.readTree(answer.body()).path("id").asText();
            progress.line(String.format(Locale.ROOT, "batch %s of %,d jobs accepted (route %s, window %s)", batchId, jobs, route, window));
            var last = new String[] {""};
            progress.await(() -> {
                try {
                    last[0] = rig.api().batch(batchId).path("status").asText();
                    return ENDED.contains(last[0]);
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofMinutes(10), () -> "waiting for the end; status " + last[0]);
            var wallSeconds = (System.nanoTime() - started) / 1e9;
            var figures = ProviderBatchFigures.of(rig.postgres(), batchId, rig.api().batch(batchId), wallSeconds);
            progress.line(figures.toString());
            var settings = Json.object().put("jobs", jobs).put("route", route).put("window", window).put("max_tokens", maxTokens)
                    .put("workers", config.workers());
            return new ScenarioResult(settings, figures);
        } finally {
            Files.deleteIfExists(template);
        }
    }
}
