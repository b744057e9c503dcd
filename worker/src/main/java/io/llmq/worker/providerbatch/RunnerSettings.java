package io.llmq.worker.providerbatch;

import java.time.Duration;
import java.util.Map;

/**
 * The provider batch runner's settings.
 *
 * @param pollEvery how often the leader looks at every open provider batch ({@code LLMQ_PROVIDER_BATCH_POLL_MS},
 *                  default 5000): providers take minutes to hours, so a few seconds cost no time and
 *                  few requests
 * @param durableWithin how long collecting one provider batch's results waits for their outcomes to be
 *                  written before it gives up and reads them again at the next look
 */
public record RunnerSettings(Duration pollEvery, Duration durableWithin) {
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DURABLE_WITHIN = Duration.ofMinutes(2);

    public RunnerSettings {
        if (pollEvery.isNegative() || pollEvery.isZero()) {
            throw new IllegalArgumentException("LLMQ_PROVIDER_BATCH_POLL_MS must be positive, got " + pollEvery.toMillis());
        }
    }

    public static RunnerSettings fromEnv(Map<String, String> env) {
        var poll = env.get("LLMQ_PROVIDER_BATCH_POLL_MS");
        try {
            return new RunnerSettings(poll == null || poll.isBlank() ? DEFAULT_POLL : Duration.ofMillis(Long.parseLong(poll.trim())),
                    DEFAULT_DURABLE_WITHIN);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("LLMQ_PROVIDER_BATCH_POLL_MS must be a number of milliseconds, got '" + poll + "'");
        }
    }
}
