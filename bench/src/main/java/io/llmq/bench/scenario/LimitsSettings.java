package io.llmq.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.Env;
import io.llmq.schema.Json;

import java.time.Duration;

/**
 * Sizes of the {@code limits} scenario.
 *
 * @param seconds   how long the run lasts from the moment the jobs are accepted ({@code LLMQ_BENCH_SECONDS}, 180)
 * @param warmup    the first seconds left out of the measurement ({@code LLMQ_BENCH_WARMUP_SECONDS}, 10)
 * @param rpm       the provider's limit, also written into llmq's catalogue ({@code LLMQ_BENCH_RPM}, 600)
 * @param tpm       likewise for tokens ({@code LLMQ_BENCH_TPM}, 100,000)
 * @param jobs      jobs submitted ({@code LLMQ_BENCH_JOBS}); by default 5/3 of what the RPM limit lets through in
 *                  {@code seconds} (3,000 at the defaults), so the provider is never idle for lack of work
 * @param maxTokens {@code max_tokens} of each job ({@code LLMQ_BENCH_MAX_TOKENS}, 100)
 * @param latency   the simulator's time per call ({@code LLMQ_BENCH_LATENCY_MS}, 200)
 * @param warmupJobs jobs of an uncounted pass run to its end before the measured backlog is submitted
 *                  ({@code LLMQ_BENCH_WARMUP_JOBS}; by default what the limit lets through in 10 s, 0 for none):
 *                  fresh JVMs (simulator, workers, broker) compile for the first seconds of load, and
 *                  at 30,000 RPM on two cores that, not llmq's limiter, is what the window would measure
 */
record LimitsSettings(int seconds, int warmup, int rpm, long tpm, int jobs, int maxTokens, Duration latency, int batchSize,
                      int warmupJobs) {
    private static final int FEWEST_TOKENS_PER_CALL = 25;
    private static final int WARMUP_PASS_SECONDS = 10;

    LimitsSettings {
        if (warmup >= seconds) {
            throw new IllegalArgumentException("LLMQ_BENCH_WARMUP_SECONDS (" + warmup + ") must be less than LLMQ_BENCH_SECONDS ("
                    + seconds + "): nothing would be left to measure");
        }
        if (rpm == 0 && tpm == 0) {
            throw new IllegalArgumentException("the limits scenario needs LLMQ_BENCH_RPM or LLMQ_BENCH_TPM above 0");
        }
    }

    static LimitsSettings from(Env env) {
        var seconds = env.atLeast("LLMQ_BENCH_SECONDS", 180, 2);
        var rpm = env.atLeast("LLMQ_BENCH_RPM", 600, 0);
        var tpm = env.number("LLMQ_BENCH_TPM", 100_000);
        var defaultJobs = (int) Math.ceil(Math.max(rpm, 60) / 60.0 * seconds * 5 / 3);
        var defaultWarmupJobs = (int) Math.ceil(callsPerSecond(rpm, tpm) * WARMUP_PASS_SECONDS);
        return new LimitsSettings(seconds, env.atLeast("LLMQ_BENCH_WARMUP_SECONDS", 10, 0), rpm,
                tpm, env.atLeast("LLMQ_BENCH_JOBS", defaultJobs, 1),
                env.atLeast("LLMQ_BENCH_MAX_TOKENS", 100, 1), Duration.ofMillis(env.atLeast("LLMQ_BENCH_LATENCY_MS", 200, 0)),
                env.atLeast("LLMQ_BENCH_BATCH_SIZE", 50_000, 1), env.atLeast("LLMQ_BENCH_WARMUP_JOBS", defaultWarmupJobs, 0));
    }

    /**
     * The most calls per second the limits let through: the RPM's rate, or without one the TPM's at a call of
     * {@link #FEWEST_TOKENS_PER_CALL}, the smallest the bench sends (a prompt of ~20 tokens, 5 tokens of answer).
     */
    double callsPerSecond() {
        return callsPerSecond(rpm, tpm);
    }

    private static double callsPerSecond(int rpm, long tpm) {
        return rpm > 0 ? rpm / 60.0 : tpm / 60.0 / FEWEST_TOKENS_PER_CALL;
    }

    ObjectNode toJson() {
        var json = Json.object();
        json.put("seconds", seconds);
        json.put("warmup_s", warmup);
        json.put("warmup_jobs", warmupJobs);
        json.put("rpm", rpm);
        json.put("tpm", tpm);
        json.put("jobs", jobs);
        json.put("max_tokens", maxTokens);
        json.put("latency_ms", latency.toMillis());
        return json;
    }
}
