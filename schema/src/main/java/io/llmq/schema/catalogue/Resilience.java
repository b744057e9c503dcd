package io.llmq.schema.catalogue;

import java.time.Duration;

/**
 * How a worker protects itself and a deployment from each other: a bulkhead (calls in flight at
 * once, per worker) and a circuit breaker over a count-based sliding window of recent calls.
 * Read from a deployment's {@code max_concurrent_calls} and {@code breaker:} block.
 *
 * @param maxConcurrentCalls  calls one worker may have open to the deployment at once
 * @param failureRatePercent  the breaker opens when this share of the window failed (5xx, 529, timeouts, resets)
 * @param slowCallRatePercent ... or when this share took longer than {@code slowCall}
 * @param windowSize          calls in the sliding window
 * @param minimumCalls        calls needed before the rates are judged
 * @param openFor             how long an open breaker refuses calls before letting probes through
 * @param halfOpenCalls       probes let through while half-open; their results decide close or re-open
 */
public record Resilience(int maxConcurrentCalls, int failureRatePercent, int slowCallRatePercent, Duration slowCall,
                         int windowSize, int minimumCalls, Duration openFor, int halfOpenCalls) {

    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 256;
    public static final Resilience DEFAULTS = new Resilience(DEFAULT_MAX_CONCURRENT_CALLS, 50, 100,
            Duration.ofSeconds(60), 20, 10, Duration.ofSeconds(30), 3);

    public Resilience {
        positive("max_concurrent_calls", maxConcurrentCalls);
        percent("breaker.failure_rate", failureRatePercent);
        percent("breaker.slow_call_rate", slowCallRatePercent);
        positive("breaker.window", windowSize);
        positive("breaker.minimum_calls", minimumCalls);
        positive("breaker.half_open_calls", halfOpenCalls);
        if (slowCall == null || slowCall.isNegative() || slowCall.isZero()) {
            throw new IllegalArgumentException("breaker.slow_call_seconds must be positive, got " + slowCall);
        }
        if (openFor == null || openFor.isNegative() || openFor.isZero()) {
            throw new IllegalArgumentException("breaker.open_seconds must be positive, got " + openFor);
        }
    }

    private static void positive(String setting, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(setting + " must be at least 1, got " + value);
        }
    }

    private static void percent(String setting, int value) {
        if (value < 1 || value > 100) {
            throw new IllegalArgumentException(setting + " must be a percentage between 1 and 100, got " + value);
        }
    }
}
