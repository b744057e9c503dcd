package io.llmq.simulator.limits;

import io.llmq.simulator.SimulatorLimits;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Enforces {@link SimulatorLimits} the way providers do: a request is admitted only if the request
 * bucket has one request and the token bucket has the prompt plus {@code max_tokens}; it then pays
 * one request and the tokens it really used (prompt + completion). Refusals are 429s with
 * {@code retry-after}; they are counted in the {@link ServedLog}.
 */
public final class ProviderLimits {
    private final SimulatorLimits limits;
    private final TokenBucket requests;
    private final TokenBucket tokens;
    private final AtomicInteger concurrent = new AtomicInteger();
    private final ServedLog log;

    public ProviderLimits(SimulatorLimits limits, ServedLog log, LongSupplier nanoTime) {
        this.limits = limits;
        this.log = log;
        var burstMinutes = limits.burst().toNanos() / 60e9;
        this.requests = limits.rpm() > 0 ? new TokenBucket(limits.rpm(), limits.rpm() * burstMinutes, nanoTime) : null;
        this.tokens = limits.tpm() > 0 ? new TokenBucket(limits.tpm(), limits.tpm() * burstMinutes, nanoTime) : null;
    }

    /**
     * Admits a call or says how long to wait. An admitted call holds a concurrency slot until
     * {@link #leave()}.
     */
    public synchronized Admission admit(long promptTokens, long maxTokens, long usedTokens) {
        var waitRequests = requests == null ? 0 : requests.waitFor(1);
        var waitTokens = tokens == null ? 0 : tokens.waitFor(promptTokens + maxTokens);
        var full = limits.maxConcurrent() > 0 && concurrent.get() >= limits.maxConcurrent();
        var admitted = waitRequests == 0 && waitTokens == 0 && !full;
        if (admitted) {
            if (requests != null) {
                requests.pay(1);
            }
            if (tokens != null) {
                tokens.pay(usedTokens);
            }
            concurrent.incrementAndGet();
        } else {
            log.rateLimited();
        }
        var wait = Math.max(Math.max(waitRequests, waitTokens), full ? 100_000_000L : 0);
        return new Admission(admitted, Duration.ofNanos(wait),
                limits.rpm(), requests == null ? 0 : (long) requests.remaining(), requests == null ? Duration.ZERO : Duration.ofNanos(requests.untilFull()),
                limits.tpm(), tokens == null ? 0 : (long) tokens.remaining(), tokens == null ? Duration.ZERO : Duration.ofNanos(tokens.untilFull()));
    }

    public void leave() {
        concurrent.decrementAndGet();
    }

    public boolean enforced() {
        return !limits.unlimited();
    }
}
