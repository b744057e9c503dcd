package io.llmq.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.Env;
import io.llmq.schema.Json;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Sizes of the {@code fairness} scenario.
 *
 * @param bigJobs      tenant A's backlog ({@code LLMQ_BENCH_BIG_JOBS}, 300,000), in batches of at most {@code batchSize}
 * @param smallBatches tenant B's batches, posted one after the other in this order ({@code LLMQ_BENCH_SMALL_BATCHES},
 *                     {@code 20,5000,50000}); each at most {@code batchSize}
 * @param rpm          the provider's limit and the catalogue's {@code rpm:} ({@code LLMQ_BENCH_RPM}, 0 = none: on two
 *                     cores the workers, not a provider limit, are then what the tenants share, and 300,000 jobs at
 *                     200 ms take about two minutes)
 * @param latency      the simulator's fixed time per call ({@code LLMQ_BENCH_LATENCY_MS}, 200)
 * @param backlog      from tenant A's last acceptance to tenant B's first post ({@code LLMQ_BENCH_BACKLOG_SECONDS}, 15)
 * @param timeout      how long B's batches may take before the run gives up ({@code LLMQ_BENCH_TIMEOUT_SECONDS}, 900)
 * @param rawMessages  records of the raw Kafka probe ({@code LLMQ_BENCH_RAW_MESSAGES}, 50,000; 0 skips it)
 * @param rawRows      rows of the raw PostgreSQL probe ({@code LLMQ_BENCH_RAW_ROWS}, 50,000; 0 skips it)
 */
record FairnessSettings(int bigJobs, List<Integer> smallBatches, int rpm, Duration latency, Duration backlog, Duration timeout,
                        int maxTokens, int batchSize, int rawMessages, int rawRows) {

    static final String SMALL_BATCHES = "LLMQ_BENCH_SMALL_BATCHES";

    FairnessSettings {
        smallBatches = List.copyOf(smallBatches);
        if (smallBatches.isEmpty() || smallBatches.stream().anyMatch(n -> n < 1 || n > batchSize)) {
            throw new IllegalArgumentException(SMALL_BATCHES + " must list batch sizes between 1 and LLMQ_BENCH_BATCH_SIZE ("
                    + batchSize + "), got " + smallBatches);
        }
    }

    static FairnessSettings from(Env env) {
        var batchSize = env.atLeast("LLMQ_BENCH_BATCH_SIZE", 50_000, 1);
        return new FairnessSettings(env.atLeast("LLMQ_BENCH_BIG_JOBS", 300_000, 1),
                sizes(env.text(SMALL_BATCHES, "20,5000,50000")), env.atLeast("LLMQ_BENCH_RPM", 0, 0),
                Duration.ofMillis(env.atLeast("LLMQ_BENCH_LATENCY_MS", 200, 0)),
                Duration.ofSeconds(env.atLeast("LLMQ_BENCH_BACKLOG_SECONDS", 15, 0)),
                Duration.ofSeconds(env.atLeast("LLMQ_BENCH_TIMEOUT_SECONDS", 900, 1)),
                env.atLeast("LLMQ_BENCH_MAX_TOKENS", 100, 1), batchSize,
                env.atLeast("LLMQ_BENCH_RAW_MESSAGES", 50_000, 0), env.atLeast("LLMQ_BENCH_RAW_ROWS", 50_000, 0));
    }

    private static List<Integer> sizes(String text) {
        try {
            return Arrays.stream(text.split(",")).map(String::strip).map(s -> s.replace("_", "")).map(Integer::valueOf).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SMALL_BATCHES + " must be whole numbers separated by commas, got '" + text + "'", e);
        }
    }

    int smallJobs() {
        return smallBatches.stream().mapToInt(Integer::intValue).sum();
    }

    ObjectNode toJson() {
        var json = Json.object();
        json.put("big_tenant_jobs", bigJobs);
        var batches = json.putArray("small_tenant_batch_sizes");
        smallBatches.forEach(batches::add);
        json.put("small_tenant_jobs", smallJobs());
        json.put("rpm", rpm);
        json.put("latency_ms", latency.toMillis());
        json.put("backlog_s", backlog.toSeconds());
        json.put("timeout_s", timeout.toSeconds());
        json.put("max_tokens", maxTokens);
        json.put("raw_messages", rawMessages);
        json.put("raw_rows", rawRows);
        return json;
    }
}
