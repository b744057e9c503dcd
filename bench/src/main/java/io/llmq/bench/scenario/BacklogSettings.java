package io.llmq.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.Env;
import io.llmq.schema.Json;

import java.time.Duration;

/**
 * Sizes of the {@code priority} scenario, which puts a small batch behind a large backlog: a
 * provider slow enough for the backlog to be real, a large batch submitted first, a pause for it to
 * fill the workers, then the small batch.
 *
 * @param bigJobs   the backlog ({@code LLMQ_BENCH_NORMAL_JOBS}, 300,000, in batches of at most {@code batchSize}: a
 *                  backlog of hours at the provider's rate, as a bulk job queue meets it)
 * @param smallJobs the batch that should not wait ({@code LLMQ_BENCH_HIGH_JOBS}, 100)
 * @param rpm       the provider's limit, also in llmq's catalogue ({@code LLMQ_BENCH_RPM}, 6,000: at 3,000 RPM the
 *                  100 high jobs alone need 2.0 s of the provider's rate, so a p99 of 2 s would be out of reach by
 *                  arithmetic, whatever the scheduler did)
 * @param latency   the simulator's time per call ({@code LLMQ_BENCH_LATENCY_MS}, 100)
 * @param backlog   from the big batch's acceptance to the small batch's submit ({@code LLMQ_BENCH_BACKLOG_SECONDS}, 15)
 * @param timeout   how long the small batch may take before the run gives up on it ({@code LLMQ_BENCH_TIMEOUT_SECONDS}, 900)
 */
record BacklogSettings(int bigJobs, int smallJobs, int rpm, Duration latency, Duration backlog, Duration timeout,
                       int maxTokens, int batchSize) {

    static final int DEFAULT_BACKLOG_JOBS = 300_000;

    static BacklogSettings from(Env env, String bigName, String smallName, int smallDefault, int rpmDefault) {
        return new BacklogSettings(env.atLeast(bigName, DEFAULT_BACKLOG_JOBS, 1), env.atLeast(smallName, smallDefault, 1),
                env.atLeast("LLMQ_BENCH_RPM", rpmDefault, 0), Duration.ofMillis(env.atLeast("LLMQ_BENCH_LATENCY_MS", 100, 0)),
                Duration.ofSeconds(env.atLeast("LLMQ_BENCH_BACKLOG_SECONDS", 15, 0)),
                Duration.ofSeconds(env.atLeast("LLMQ_BENCH_TIMEOUT_SECONDS", 900, 1)),
                env.atLeast("LLMQ_BENCH_MAX_TOKENS", 100, 1), env.atLeast("LLMQ_BENCH_BATCH_SIZE", 50_000, 1));
    }

    ObjectNode toJson(String bigKey, String smallKey) {
        var json = Json.object();
        json.put(bigKey, bigJobs);
        json.put(smallKey, smallJobs);
        json.put("rpm", rpm);
        json.put("latency_ms", latency.toMillis());
        json.put("backlog_s", backlog.toSeconds());
        json.put("timeout_s", timeout.toSeconds());
        json.put("max_tokens", maxTokens);
        return json;
    }
}
