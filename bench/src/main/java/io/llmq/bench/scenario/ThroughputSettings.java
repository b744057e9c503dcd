package io.llmq.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.Env;
import io.llmq.schema.Json;

import java.time.Duration;

/**
 * Sizes of the {@code throughput} scenario.
 *
 * @param jobs        jobs through the whole path ({@code LLMQ_BENCH_JOBS}, 50,000)
 * @param warmupJobs  jobs of the uncounted warm-up pass ({@code LLMQ_BENCH_WARMUP_JOBS}, 30,000; 0 for none)
 * @param maxInFlight jobs each worker holds at once ({@code LLMQ_WORKER_MAX_IN_FLIGHT}, 512 here against the
 *                    worker's default 256: with an instant provider the budget is spent waiting for the
 *                    outcome writer, and at 256 the two cores were not busy; docs/bench.md)
 * @param batchSize   most jobs per batch ({@code LLMQ_BENCH_BATCH_SIZE}, 50,000, the submitter's own limit)
 * @param rawMessages records of the raw Kafka probe ({@code LLMQ_BENCH_RAW_MESSAGES}, default {@code jobs})
 * @param rawRows     rows of the raw PostgreSQL probe ({@code LLMQ_BENCH_RAW_ROWS}, default {@code jobs})
 * @param timeout     how long the jobs may take before the run gives up ({@code LLMQ_BENCH_TIMEOUT_SECONDS}, 900)
 */
record ThroughputSettings(int jobs, int warmupJobs, int maxInFlight, int batchSize, int maxTokens, int rawMessages, int rawRows, Duration timeout) {

    static ThroughputSettings from(Env env) {
        var jobs = env.atLeast("LLMQ_BENCH_JOBS", 50_000, 1);
        return new ThroughputSettings(jobs, env.atLeast("LLMQ_BENCH_WARMUP_JOBS", 30_000, 0),
                env.atLeast("LLMQ_WORKER_MAX_IN_FLIGHT", 512, 1), env.atLeast("LLMQ_BENCH_BATCH_SIZE", 50_000, 1),
                env.atLeast("LLMQ_BENCH_MAX_TOKENS", 100, 1), env.atLeast("LLMQ_BENCH_RAW_MESSAGES", jobs, 0),
                env.atLeast("LLMQ_BENCH_RAW_ROWS", jobs, 0), Duration.ofSeconds(env.atLeast("LLMQ_BENCH_TIMEOUT_SECONDS", 900, 1)));
    }

    ObjectNode toJson() {
        var json = Json.object();
        json.put("jobs", jobs);
        json.put("warmup_jobs", warmupJobs);
        json.put("max_in_flight", maxInFlight);
        json.put("batch_size", batchSize);
        json.put("max_tokens", maxTokens);
        json.put("raw_messages", rawMessages);
        json.put("raw_rows", rawRows);
        json.put("latency_ms", 0);
        json.put("timeout_s", timeout.toSeconds());
        return json;
    }
}
