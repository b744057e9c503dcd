package io.llmq.worker.providerbatch;

import io.llmq.schema.Settings;

import java.time.Duration;
import java.util.Map;

/**
 * The provider batch runner's settings.
 *
 * @param pollEvery     how often the leader looks at every open provider batch ({@code LLMQ_PROVIDER_BATCH_POLL_MS},
 *                      default 5000): providers take minutes to hours, so a few seconds cost no time and
 *                      few requests
 * @param durableWithin how long collecting one provider batch's results waits for their outcomes to be
 *                      written before it gives up and reads them again at the next look
 * @param spillBefore   how long before the end of a batch's window its provider batches are cancelled and
 *                      their unanswered jobs sent to synchronous calls ({@code LLMQ_PROVIDER_BATCH_SPILL_SECONDS},
 *                      default 3600), at most 90 % of the window: a provider may take its whole 24 h, and
 *                      the jobs it has not answered by then still have to end in llmq's window
 */
public record RunnerSettings(Duration pollEvery, Duration durableWithin, Duration spillBefore) {
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DURABLE_WITHIN = Duration.ofMinutes(2);
    public static final Duration DEFAULT_SPILL_BEFORE = Duration.ofHours(1);

    public RunnerSettings {
        if (pollEvery.isNegative() || pollEvery.isZero()) {
            throw new IllegalArgumentException("LLMQ_PROVIDER_BATCH_POLL_MS must be positive, got " + pollEvery.toMillis());
        }
        if (spillBefore.isNegative()) {
            throw new IllegalArgumentException("LLMQ_PROVIDER_BATCH_SPILL_SECONDS must be 0 or more, got " + spillBefore.toSeconds());
        }
    }

    public static RunnerSettings fromEnv(Map<String, String> env) {
        return new RunnerSettings(Duration.ofMillis(Settings.longValue(env, "LLMQ_PROVIDER_BATCH_POLL_MS", DEFAULT_POLL.toMillis())),
                DEFAULT_DURABLE_WITHIN,
                Duration.ofSeconds(Settings.longValue(env, "LLMQ_PROVIDER_BATCH_SPILL_SECONDS", DEFAULT_SPILL_BEFORE.toSeconds())));
    }
}
