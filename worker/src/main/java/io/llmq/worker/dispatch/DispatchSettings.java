package io.llmq.worker.dispatch;

import io.llmq.schema.Settings;

import java.time.Duration;
import java.util.Map;

/**
 * How the dispatcher paces itself.
 *
 * @param tick        how often the active dispatcher looks at the queue ({@code LLMQ_DISPATCH_TICK_MS}, 100)
 * @param buffer      work kept released beyond what the workers hold in flight, in time at the
 *                    current rate jobs end at ({@code LLMQ_DISPATCH_BUFFER_MS}, 300): enough that a
 *                    worker never waits for the next tick, little enough that a newcomer's jobs
 *                    queue behind at most this much
 * @param minBuffer   the buffer in jobs at least ({@code LLMQ_DISPATCH_MIN_BUFFER}, 32)
 * @param lowMinShare the share of the normal/low window {@code low} keeps while it has work
 *                    ({@code LLMQ_MIN_SHARE_LOW}, the limiter's minimum share, 0.05)
 */
public record DispatchSettings(Duration tick, Duration buffer, int minBuffer, double lowMinShare) {
    public static final Duration DEFAULT_TICK = Duration.ofMillis(100);
    public static final Duration DEFAULT_BUFFER = Duration.ofMillis(300);
    public static final int DEFAULT_MIN_BUFFER = 32;
    public static final double DEFAULT_LOW_MIN_SHARE = 0.05;

    public DispatchSettings {
        if (tick.toMillis() < 10 || tick.toMillis() > 10_000) {
            throw new IllegalArgumentException("LLMQ_DISPATCH_TICK_MS must be 10..10000, got " + tick.toMillis());
        }
        if (buffer.isNegative()) {
            throw new IllegalArgumentException("LLMQ_DISPATCH_BUFFER_MS must not be negative, got " + buffer.toMillis());
        }
        if (minBuffer < 1) {
            throw new IllegalArgumentException("LLMQ_DISPATCH_MIN_BUFFER must be at least 1, got " + minBuffer);
        }
        if (lowMinShare < 0 || lowMinShare >= 1) {
            throw new IllegalArgumentException("LLMQ_MIN_SHARE_LOW must be in [0, 1), got " + lowMinShare);
        }
    }

    public static DispatchSettings defaults() {
        return new DispatchSettings(DEFAULT_TICK, DEFAULT_BUFFER, DEFAULT_MIN_BUFFER, DEFAULT_LOW_MIN_SHARE);
    }

    public static DispatchSettings fromEnv(Map<String, String> env) {
        return new DispatchSettings(Duration.ofMillis(Settings.longValue(env, "LLMQ_DISPATCH_TICK_MS", DEFAULT_TICK.toMillis())),
                Duration.ofMillis(Settings.longValue(env, "LLMQ_DISPATCH_BUFFER_MS", DEFAULT_BUFFER.toMillis())),
                Settings.intValue(env, "LLMQ_DISPATCH_MIN_BUFFER", DEFAULT_MIN_BUFFER),
                Settings.fraction(env, "LLMQ_MIN_SHARE_LOW", DEFAULT_LOW_MIN_SHARE));
    }

    /** Jobs to keep released beyond the workers' budgets, while jobs end at {@code endedPerSecond}. */
    long bufferJobs(double endedPerSecond) {
        return Math.max(minBuffer, (long) Math.ceil(endedPerSecond * buffer.toMillis() / 1000.0));
    }
}
