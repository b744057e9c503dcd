package io.llmq.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.Env;
import io.llmq.bench.rig.RigConfig;

import java.time.Duration;

/**
 * How many jobs each worker must be allowed to hold so that its in-flight budget, not the
 * provider's limit, never bounds the call rate. By Little's law, calls open at once = call rate ×
 * mean latency; each worker holds its share of those, and more: jobs waiting for a rate-limit permit
 * or for the outcome writer count too, and the number open at once swings around its mean (the
 * long-tailed latencies come in clumps). {@link #HEADROOM} covers both. Below llmq's defaults the
 * rig leaves the settings alone.
 */
final class InFlightBudget {
    /** The worker's own {@code LLMQ_WORKER_MAX_IN_FLIGHT} and the catalogue's default {@code max_concurrent_calls}. */
    static final int LLMQ_DEFAULT = 256;
    static final double HEADROOM = 2;

    private InFlightBudget() {
    }

    /** Jobs one worker should hold for {@code callsPerSecond} over {@code workers} workers at {@code meanLatency} per call. */
    static int needed(double callsPerSecond, Duration meanLatency, int workers) {
        var open = callsPerSecond * meanLatency.toNanos() / 1e9;
        return (int) Math.max(LLMQ_DEFAULT, Math.ceil(open * HEADROOM / workers));
    }

    /**
     * Gives every worker {@code LLMQ_WORKER_MAX_IN_FLIGHT} (an exported value wins over {@code needed}) and raises the
     * deployment's bulkhead ({@code max_concurrent_calls}) to match, since calls open never exceed jobs held. Both
     * land in {@code settings} as {@code max_in_flight} and {@code max_concurrent_calls}.
     */
    static RigConfig applyTo(RigConfig config, Env env, int needed, ObjectNode settings) {
        var budget = env.atLeast("LLMQ_WORKER_MAX_IN_FLIGHT", needed, 1);
        settings.put("max_in_flight", budget);
        settings.put("max_in_flight_needed", needed);
        var bulkhead = Math.max(LLMQ_DEFAULT, budget);
        settings.put("max_concurrent_calls", bulkhead);
        var applied = budget == LLMQ_DEFAULT ? config
                : config.withWorkerSetting("LLMQ_WORKER_MAX_IN_FLIGHT", Integer.toString(budget));
        return bulkhead == LLMQ_DEFAULT ? applied : applied.withMaxConcurrentCalls(bulkhead);
    }
}
