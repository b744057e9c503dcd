package io.llmq.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.Env;
import io.llmq.schema.Json;
import io.llmq.simulator.latency.FixedLatency;
import io.llmq.simulator.latency.LatencyEnv;
import io.llmq.simulator.latency.RealisticLatency;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Sizes of the {@code realistic} scenario.
 *
 * @param seconds   run length from the jobs' acceptance ({@code LLMQ_BENCH_SECONDS}, 300; at most 600)
 * @param warmup    the first seconds left out ({@code LLMQ_BENCH_WARMUP_SECONDS}, 30: the served log counts a call
 *                  when it is answered, and with a 30 s p99 the answers take that long to reach their steady rate)
 * @param rpm       the provider's limit and the catalogue's {@code rpm:} ({@code LLMQ_BENCH_RPM}, 30,000)
 * @param tpm       likewise for tokens ({@code LLMQ_BENCH_TPM}, 5,000,000)
 * @param jobs      jobs submitted ({@code LLMQ_BENCH_JOBS}): by default 5/3 of what the RPM lets through in
 *                  {@code seconds} (250,000 at the defaults), so the limit never idles for lack of work
 * @param latency   the simulator's realistic model: {@code LLMQ_SIM_*} settings as for the simulator, by default
 *                  p50 2 s and p99 30 s for a 32-token answer at 10 ms per token, stalls at the simulator's defaults
 * @param rawMessages records of the raw Kafka probe ({@code LLMQ_BENCH_RAW_MESSAGES}, 50,000; 0 skips it)
 * @param rawRows     rows of the raw PostgreSQL probe ({@code LLMQ_BENCH_RAW_ROWS}, 50,000; 0 skips it)
 */
record RealisticSettings(int seconds, int warmup, int rpm, long tpm, int jobs, int maxTokens, int batchSize,
                         RealisticLatency latency, int rawMessages, int rawRows) {
    static final int MAX_SECONDS = 600;

    RealisticSettings {
        if (seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("LLMQ_BENCH_SECONDS must be at most " + MAX_SECONDS + " for realistic, got " + seconds);
        }
        if (warmup >= seconds) {
            throw new IllegalArgumentException("LLMQ_BENCH_WARMUP_SECONDS (" + warmup + ") must be less than LLMQ_BENCH_SECONDS ("
                    + seconds + "): nothing would be left to measure");
        }
        if (rpm < 1) {
            throw new IllegalArgumentException("the realistic scenario needs LLMQ_BENCH_RPM above 0, got " + rpm);
        }
    }

    static RealisticSettings from(Env env) {
        var seconds = env.atLeast("LLMQ_BENCH_SECONDS", 300, 2);
        var rpm = env.atLeast("LLMQ_BENCH_RPM", 30_000, 0);
        var defaultJobs = (int) Math.ceil(rpm / 60.0 * seconds * 5 / 3);
        return new RealisticSettings(seconds, env.atLeast("LLMQ_BENCH_WARMUP_SECONDS", 30, 0), rpm,
                env.number("LLMQ_BENCH_TPM", 5_000_000), env.atLeast("LLMQ_BENCH_JOBS", defaultJobs, 1),
                env.atLeast("LLMQ_BENCH_MAX_TOKENS", 100, 1), env.atLeast("LLMQ_BENCH_BATCH_SIZE", 50_000, 1),
                latency(env.vars()), env.atLeast("LLMQ_BENCH_RAW_MESSAGES", 50_000, 0), env.atLeast("LLMQ_BENCH_RAW_ROWS", 50_000, 0));
    }

    /** The simulator's own reading of {@code LLMQ_SIM_*}, with this scenario's defaults where nothing says otherwise. */
    private static RealisticLatency latency(Map<String, String> vars) {
        var env = new HashMap<>(vars);
        env.put("LLMQ_SIM_LATENCY_MODEL", "realistic");
        env.putIfAbsent("LLMQ_SIM_MS_PER_TOKEN", "10");
        if (!env.containsKey("LLMQ_SIM_TTFT_MS") && !env.containsKey("LLMQ_SIM_LATENCY_SIGMA")) {
            env.putIfAbsent("LLMQ_SIM_LATENCY_P50_MS", "2000");
            env.putIfAbsent("LLMQ_SIM_LATENCY_P99_MS", "30000");
        }
        // the model variable is forced above, so the reading is always the realistic model
        return (RealisticLatency) LatencyEnv.read(env, FixedLatency.of(Duration.ZERO));
    }

    double callsPerSecond() {
        return rpm / 60.0;
    }

    ObjectNode toJson() {
        var json = Json.object();
        json.put("seconds", seconds);
        json.put("warmup_s", warmup);
        json.put("rpm", rpm);
        json.put("tpm", tpm);
        json.put("jobs", jobs);
        json.put("max_tokens", maxTokens);
        var model = json.putObject("latency");
        model.put("model", "realistic");
        model.put("p50_ms", latency.median(RealisticLatency.TYPICAL_OUTPUT_TOKENS).toMillis());
        model.put("p99_ms", Math.round(latency.median(RealisticLatency.TYPICAL_OUTPUT_TOKENS).toMillis()
                * Math.exp(RealisticLatency.Z99 * latency.sigma())));
        model.put("mean_ms", latency.mean(RealisticLatency.TYPICAL_OUTPUT_TOKENS).toMillis());
        model.put("ttft_ms", latency.ttft().toMillis());
        model.put("ms_per_token", latency.perToken().toMillis());
        model.put("sigma", LimitsScenario.round(latency.sigma(), 3));
        model.put("stall_probability", latency.stallProbability());
        model.put("stall_ms", latency.stall().toMillis());
        json.put("raw_messages", rawMessages);
        json.put("raw_rows", rawRows);
        return json;
    }
}
