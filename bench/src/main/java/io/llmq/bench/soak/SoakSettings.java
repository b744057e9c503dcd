package io.llmq.bench.soak;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.Env;
import io.llmq.schema.Json;

import java.time.Duration;

/**
 * The soak's settings, from {@code LLMQ_SOAK_*} variables (defaults: the one-hour run).
 *
 * @param seconds       how long the steady load lasts ({@code LLMQ_SOAK_SECONDS}, 3600)
 * @param jobsPerSecond the arrival rate ({@code LLMQ_SOAK_JOBS_PER_S}, 50: what two cores carry with room to spare)
 * @param batchEvery    one batch of {@code jobsPerSecond × batchEvery} jobs this often ({@code LLMQ_SOAK_BATCH_EVERY_SECONDS}, 2)
 * @param latency       the simulated provider's answer time ({@code LLMQ_SOAK_LATENCY_MS}, 300)
 * @param serverErrors  share of provider calls answered with a 500 ({@code LLMQ_SOAK_5XX_PERCENT}, 5)
 * @param burst429      429s in each burst ({@code LLMQ_SOAK_429_BURST}, 50)
 * @param burstEvery    time between bursts ({@code LLMQ_SOAK_429_EVERY_SECONDS}, 10)
 * @param warmup        the load's first seconds, not sampled ({@code LLMQ_SOAK_WARMUP_SECONDS}, 300): the HTTP
 *                      clients' connection pools and the JIT reach their working size, and that growth is no leak
 * @param sampleEvery   time between two samples of every process ({@code LLMQ_SOAK_SAMPLE_SECONDS}, 30)
 * @param drainTimeout  how long the jobs still open when the load stops may take to end ({@code LLMQ_SOAK_DRAIN_SECONDS}, 300)
 */
record SoakSettings(int seconds, int jobsPerSecond, int batchEvery, Duration latency, double serverErrors, int burst429,
                    Duration burstEvery, int warmup, int sampleEvery, Duration drainTimeout) {

    SoakSettings {
        if (warmup + sampleEvery > seconds) {
            throw new IllegalArgumentException("LLMQ_SOAK_WARMUP_SECONDS (" + warmup + ") + LLMQ_SOAK_SAMPLE_SECONDS (" + sampleEvery
                    + ") must be at most LLMQ_SOAK_SECONDS (" + seconds + "): the run would take no sample");
        }
        if (serverErrors >= 1) {
            throw new IllegalArgumentException("LLMQ_SOAK_5XX_PERCENT must be below 100, got " + Math.round(serverErrors * 100));
        }
    }

    static SoakSettings from(Env env) {
        return new SoakSettings(env.atLeast("LLMQ_SOAK_SECONDS", 3600, 10), env.atLeast("LLMQ_SOAK_JOBS_PER_S", 50, 1),
                env.atLeast("LLMQ_SOAK_BATCH_EVERY_SECONDS", 2, 1), Duration.ofMillis(env.atLeast("LLMQ_SOAK_LATENCY_MS", 300, 0)),
                env.atLeast("LLMQ_SOAK_5XX_PERCENT", 5, 0) / 100.0, env.atLeast("LLMQ_SOAK_429_BURST", 50, 0),
                Duration.ofSeconds(env.atLeast("LLMQ_SOAK_429_EVERY_SECONDS", 10, 1)), env.atLeast("LLMQ_SOAK_WARMUP_SECONDS", 300, 0),
                env.atLeast("LLMQ_SOAK_SAMPLE_SECONDS", 30, 1),
                Duration.ofSeconds(env.atLeast("LLMQ_SOAK_DRAIN_SECONDS", 300, 10)));
    }

    int jobsPerBatch() {
        return jobsPerSecond * batchEvery;
    }

    ObjectNode toJson() {
        var json = Json.object();
        json.put("seconds", seconds);
        json.put("jobs_per_s", jobsPerSecond);
        json.put("batch_every_s", batchEvery);
        json.put("jobs_per_batch", jobsPerBatch());
        json.put("latency_ms", latency.toMillis());
        json.put("server_error_share", serverErrors);
        json.put("burst_429", burst429);
        json.put("burst_every_s", burstEvery.toSeconds());
        json.put("warmup_s", warmup);
        json.put("sample_every_s", sampleEvery);
        json.put("drain_timeout_s", drainTimeout.toSeconds());
        return json;
    }
}
