package io.llmq.simulator.batch;

import java.time.Duration;
import java.util.Map;

/**
 * How the simulated provider batch APIs (OpenAI Batch, Anthropic Message Batches, Gemini batch mode)
 * behave. Real providers take minutes to hours; the simulator takes {@code delay}, so demos and tests
 * stay quick.
 *
 * @param delay       from create to the end of a batch: the first tenth validating, then the lines are
 *                    answered evenly over the next eight tenths, the last tenth finalizing
 * @param failureRate the share of lines that fail with a server error inside the batch, in [0, 1]
 * @param expiry      how long a batch may run before it ends expired with its unanswered lines; null for
 *                    the provider's own window (OpenAI's {@code completion_window}, Anthropic's 24 h,
 *                    Gemini's 48 h)
 */
public record BatchSettings(Duration delay, double failureRate, Duration expiry) {
    public static final Duration DEFAULT_DELAY = Duration.ofSeconds(2);
    private static final Duration MAX = Duration.ofDays(7);

    public BatchSettings {
        if (delay == null || delay.isNegative() || delay.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("LLMQ_SIM_BATCH_DELAY_MS must be between 0 and " + MAX.toMillis() + " ms, got " + delay);
        }
        if (!(failureRate >= 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("LLMQ_SIM_BATCH_FAILURE_RATE must be between 0 and 1, got " + failureRate);
        }
        if (expiry != null && (expiry.isNegative() || expiry.compareTo(MAX) > 0)) {
            throw new IllegalArgumentException("LLMQ_SIM_BATCH_EXPIRY_MS must be between 0 and " + MAX.toMillis() + " ms, got " + expiry);
        }
    }

    /** Two seconds, no failures, the providers' own windows. */
    public static BatchSettings defaults() {
        return new BatchSettings(DEFAULT_DELAY, 0, null);
    }

    /** Reads {@code LLMQ_SIM_BATCH_DELAY_MS}, {@code LLMQ_SIM_BATCH_FAILURE_RATE} and {@code LLMQ_SIM_BATCH_EXPIRY_MS}. */
    public static BatchSettings fromEnv(Map<String, String> env) {
        var delay = millis(env, "LLMQ_SIM_BATCH_DELAY_MS");
        var expiry = millis(env, "LLMQ_SIM_BATCH_EXPIRY_MS");
        var rate = env.get("LLMQ_SIM_BATCH_FAILURE_RATE");
        double failureRate;
        try {
            failureRate = rate == null || rate.isBlank() ? 0 : Double.parseDouble(rate.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("LLMQ_SIM_BATCH_FAILURE_RATE must be a number between 0 and 1, got '" + rate + "'", e);
        }
        return new BatchSettings(delay == null ? DEFAULT_DELAY : delay, failureRate, expiry);
    }

    public BatchSettings withDelay(Duration newDelay) {
        return new BatchSettings(newDelay, failureRate, expiry);
    }

    public BatchSettings withFailureRate(double newRate) {
        return new BatchSettings(delay, newRate, expiry);
    }

    public BatchSettings withExpiry(Duration newExpiry) {
        return new BatchSettings(delay, failureRate, newExpiry);
    }

    /** The window a batch of a provider whose own window is {@code providerWindow} gets here. */
    public Duration expiryOr(Duration providerWindow) {
        return expiry != null ? expiry : providerWindow;
    }

    private static Duration millis(Map<String, String> env, String name) {
        var raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Duration.ofMillis(Long.parseLong(raw.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number of milliseconds, got '" + raw + "'", e);
        }
    }
}
