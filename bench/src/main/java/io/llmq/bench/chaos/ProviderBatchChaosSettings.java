package io.llmq.bench.chaos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.Env;
import io.llmq.schema.Json;

import java.time.Duration;

/**
 * The provider-batch chaos run's sizes, from {@code LLMQ_CHAOS_PB_*} variables.
 *
 * @param openAiBatches    llmq batches of {@code gpt-4o-mini} (OpenAI's Batch API), each one provider batch
 * @param anthropicBatches llmq batches of {@code claude-sonnet-4} (Anthropic's Message Batches)
 * @param jobsPerBatch     jobs in each
 * @param providerDelay    how long the simulator takes from create to the end of a provider batch
 * @param failureShare     share of lines that fail inside their provider batch (a 500): handed back to synchronous calls
 * @param pauseAtLine      the line of a result download at which the download stops while its reader is killed
 * @param pause            how long it stops before the kill, so that the reader has written outcomes of the lines it got
 * @param latency          the simulator's answer time for synchronous calls (the handed-back lines)
 * @param timeout          how long the run may take before it counts as failed
 */
record ProviderBatchChaosSettings(int openAiBatches, int anthropicBatches, int jobsPerBatch, Duration providerDelay,
                                  double failureShare, int pauseAtLine, Duration pause, Duration latency, Duration timeout) {

    static final ProviderBatchChaosSettings DEFAULTS = new ProviderBatchChaosSettings(3, 2, 2_000, Duration.ofSeconds(10), 0.02,
            600, Duration.ofMillis(1500), Duration.ofMillis(100), Duration.ofSeconds(600));

    ProviderBatchChaosSettings {
        if (openAiBatches + anthropicBatches < 1) {
            throw new IllegalArgumentException("LLMQ_CHAOS_PB_OPENAI_BATCHES + LLMQ_CHAOS_PB_ANTHROPIC_BATCHES must be at least 1, got "
                    + (openAiBatches + anthropicBatches));
        }
        // the download strike needs a line past the part of a file the server's output buffer sends at once (32 KB)
        if (pauseAtLine >= jobsPerBatch / 2) {
            throw new IllegalArgumentException("LLMQ_CHAOS_PB_PAUSE_AT_LINE must be below half of LLMQ_CHAOS_PB_JOBS_PER_BATCH ("
                    + jobsPerBatch + "), got " + pauseAtLine);
        }
    }

    static ProviderBatchChaosSettings from(Env env) {
        var d = DEFAULTS;
        return new ProviderBatchChaosSettings(env.atLeast("LLMQ_CHAOS_PB_OPENAI_BATCHES", d.openAiBatches(), 0),
                env.atLeast("LLMQ_CHAOS_PB_ANTHROPIC_BATCHES", d.anthropicBatches(), 0),
                env.atLeast("LLMQ_CHAOS_PB_JOBS_PER_BATCH", d.jobsPerBatch(), 100),
                Duration.ofMillis(env.atLeast("LLMQ_CHAOS_PB_DELAY_MS", (int) d.providerDelay().toMillis(), 100)),
                env.atLeast("LLMQ_CHAOS_PB_FAILURE_PERCENT", (int) Math.round(d.failureShare() * 100), 0) / 100.0,
                env.atLeast("LLMQ_CHAOS_PB_PAUSE_AT_LINE", d.pauseAtLine(), 1),
                Duration.ofMillis(env.atLeast("LLMQ_CHAOS_PB_PAUSE_MS", (int) d.pause().toMillis(), 0)),
                Duration.ofMillis(env.atLeast("LLMQ_CHAOS_PB_LATENCY_MS", (int) d.latency().toMillis(), 0)),
                Duration.ofSeconds(env.atLeast("LLMQ_CHAOS_PB_TIMEOUT_SECONDS", (int) d.timeout().toSeconds(), 10)));
    }

    int jobs() {
        return (openAiBatches + anthropicBatches) * jobsPerBatch;
    }

    ObjectNode toJson() {
        var json = Json.object();
        json.put("openai_batches", openAiBatches);
        json.put("anthropic_batches", anthropicBatches);
        json.put("jobs_per_batch", jobsPerBatch);
        json.put("jobs", jobs());
        json.put("provider_delay_ms", providerDelay.toMillis());
        json.put("failure_share", failureShare);
        json.put("pause_at_line", pauseAtLine);
        json.put("pause_ms", pause.toMillis());
        json.put("latency_ms", latency.toMillis());
        json.put("timeout_s", timeout.toSeconds());
        return json;
    }
}
