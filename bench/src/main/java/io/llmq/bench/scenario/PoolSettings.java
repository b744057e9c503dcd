package io.llmq.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.Env;
import io.llmq.schema.Json;

import java.time.Duration;

/**
 * Sizes of the {@code pool} scenario: one model on two deployments, each its own simulator with its
 * own limit, run once at weights 1:1 and once at 3:1, then the disable phase.
 *
 * @param seconds    each weighting's run ({@code LLMQ_BENCH_SECONDS}, 120): the first third paced under
 *                   the pool's capacity (the split while both have headroom), the rest a backlog (the use of the sum);
 *                   and the disable phase's planned length, one deployment switched off after its first third
 * @param warmup     the first seconds of the backlog left out of its window ({@code LLMQ_BENCH_WARMUP_SECONDS}, 5)
 * @param rpm        each deployment's limit, enforced by its simulator and written into llmq's catalogue
 *                   ({@code LLMQ_BENCH_RPM}, 600)
 * @param pacedShare the paced load as a share of the pool's capacity ({@code LLMQ_BENCH_POOL_LOAD_PERCENT}, 50):
 *                   at 3:1 the first deployment then gets 3/8 of the sum, under its own limit
 * @param maxTokens  {@code max_tokens} of each job ({@code LLMQ_BENCH_MAX_TOKENS}, 20)
 * @param latency    each simulator's time per call ({@code LLMQ_BENCH_LATENCY_MS}, 200)
 */
record PoolSettings(int seconds, int warmup, int rpm, double pacedShare, int maxTokens, Duration latency) {

    PoolSettings {
        if (seconds < 15) {
            throw new IllegalArgumentException("LLMQ_BENCH_SECONDS must be at least 15 for the pool scenario, got " + seconds);
        }
        if (warmup >= backlogSeconds(seconds)) {
            throw new IllegalArgumentException("LLMQ_BENCH_WARMUP_SECONDS (" + warmup + ") must be less than the backlog's "
                    + backlogSeconds(seconds) + " s");
        }
        if (pacedShare <= 0 || pacedShare > 1) {
            throw new IllegalArgumentException("LLMQ_BENCH_POOL_LOAD_PERCENT must be between 1 and 100, got " + pacedShare * 100);
        }
    }

    static PoolSettings from(Env env) {
        return new PoolSettings(env.atLeast("LLMQ_BENCH_SECONDS", 120, 1), env.atLeast("LLMQ_BENCH_WARMUP_SECONDS", 5, 0),
                env.atLeast("LLMQ_BENCH_RPM", 600, 1), env.atLeast("LLMQ_BENCH_POOL_LOAD_PERCENT", 50, 1) / 100.0,
                env.atLeast("LLMQ_BENCH_MAX_TOKENS", 20, 1), Duration.ofMillis(env.atLeast("LLMQ_BENCH_LATENCY_MS", 200, 0)));
    }

    int pacedSeconds() {
        return seconds / 3;
    }

    int backlogSeconds() {
        return backlogSeconds(seconds);
    }

    private static int backlogSeconds(int seconds) {
        return seconds - seconds / 3;
    }

    /** When the disable phase switches its first deployment off, from the phase's start. */
    int disableAfterSeconds() {
        return seconds / 3;
    }

    /**
     * The disable phase's backlog: what the pool serves at its sum until the change, then what the
     * second deployment serves alone for the rest of {@link #seconds()}; so the batch ends about then
     * if the second carries its full limit, later if not.
     */
    int disablePhaseJobs() {
        return (int) Math.ceil(poolRpm() / 60.0 * disableAfterSeconds() + rpm / 60.0 * (seconds - disableAfterSeconds()));
    }

    /** The pool's capacity: the sum of its two deployments' limits. */
    int poolRpm() {
        return 2 * rpm;
    }

    ObjectNode toJson() {
        var json = Json.object();
        json.put("seconds_per_weighting", seconds);
        json.put("paced_s", pacedSeconds());
        json.put("backlog_s", backlogSeconds());
        json.put("warmup_s", warmup);
        json.put("rpm_per_deployment", rpm);
        json.put("pool_rpm", poolRpm());
        json.put("paced_load_share", pacedShare);
        json.put("max_tokens", maxTokens);
        json.put("latency_ms", latency.toMillis());
        return json;
    }
}
