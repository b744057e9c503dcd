package io.llmq.simulator.latency;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * A hosted provider's latency: {@code (ttft + outputTokens × perToken) × F}, where {@code F} is
 * log-normal with median 1 ({@code exp(sigma × Z)}, {@code Z} standard normal), plus, with
 * probability {@code stallProbability}, a stall of {@code stall} on top (a request stuck behind a
 * busy replica). The median call therefore takes exactly its base time, and the 99th percentile
 * {@code exp(2.326 × sigma)} times that: sigma 1.0 gives p99/p50 ≈ 10.2, the long tail real
 * providers show. Delays are capped at {@link LatencyModel#MAX}.
 *
 * <p>Build one with {@link #builder()}; {@link Builder#targeting} derives ttft and sigma from a
 * wanted p50 and p99 ("p50 2 s, p99 30 s").
 *
 * @param ttft             time to first token ({@code LLMQ_SIM_TTFT_MS})
 * @param perToken         time per output token ({@code LLMQ_SIM_MS_PER_TOKEN})
 * @param sigma            spread of the log-normal factor ({@code LLMQ_SIM_LATENCY_SIGMA}); 0 for none
 * @param stallProbability share of calls that stall ({@code LLMQ_SIM_STALL_PROBABILITY})
 * @param stall            extra time of a stalled call ({@code LLMQ_SIM_STALL_MS})
 */
public record RealisticLatency(Duration ttft, Duration perToken, double sigma, double stallProbability, Duration stall)
        implements LatencyModel {

    /** The standard normal's 99th percentile: p99/p50 of the factor is {@code exp(Z99 × sigma)}. */
    public static final double Z99 = 2.3263478740408408;
    /**
     * The output length {@link Builder#targeting} aims the median at: the middle of the simulator's
     * natural 5 to 60 tokens, which a {@code max_tokens} of 60 or more does not cut.
     */
    public static final int TYPICAL_OUTPUT_TOKENS = 32;
    public static final Duration DEFAULT_TTFT = Duration.ofMillis(500);
    public static final Duration DEFAULT_PER_TOKEN = Duration.ofMillis(20);
    public static final double DEFAULT_SIGMA = 1.0;
    public static final double DEFAULT_STALL_PROBABILITY = 0.001;
    public static final Duration DEFAULT_STALL = Duration.ofSeconds(20);
    /** Beyond this the factor's tail would be meaningless anyway (p99/p50 = e^11.6). */
    private static final double MAX_SIGMA = 5;

    public RealisticLatency {
        check("LLMQ_SIM_TTFT_MS", ttft);
        check("LLMQ_SIM_MS_PER_TOKEN", perToken);
        check("LLMQ_SIM_STALL_MS", stall);
        if (!(sigma >= 0 && sigma <= MAX_SIGMA)) {
            throw new IllegalArgumentException("LLMQ_SIM_LATENCY_SIGMA must be between 0 and " + MAX_SIGMA + ", got " + sigma);
        }
        if (!(stallProbability >= 0 && stallProbability <= 1)) {
            throw new IllegalArgumentException("LLMQ_SIM_STALL_PROBABILITY must be between 0 and 1, got " + stallProbability);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Duration delay(int outputTokens, RandomGenerator random) {
        var baseNanos = ttft.toNanos() + (double) perToken.toNanos() * outputTokens;
        // Drawn in this order on every call, so a seeded source gives the same sequence whatever the settings.
        var factor = Math.exp(sigma * random.nextGaussian());
        var stalled = random.nextDouble() < stallProbability;
        var nanos = baseNanos * factor + (stalled ? stall.toNanos() : 0);
        return nanos >= MAX.toNanos() ? MAX : Duration.ofNanos(Math.round(nanos));
    }

    /** The median delay of a call with {@code outputTokens} tokens, stalls aside. */
    public Duration median(int outputTokens) {
        return ttft.plus(perToken.multipliedBy(outputTokens));
    }

    /** The mean delay of such a call, stalls included: what Little's law needs to size concurrency. */
    public Duration mean(int outputTokens) {
        var nanos = median(outputTokens).toNanos() * Math.exp(sigma * sigma / 2) + stallProbability * stall.toNanos();
        return Duration.ofNanos(Math.round(Math.min(nanos, MAX.toNanos())));
    }

    private static void check(String setting, Duration value) {
        if (value == null || value.isNegative() || value.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(setting + " must be between 0 and " + MAX + ", got " + value);
        }
    }

    /** Starts from the {@code DEFAULT_*} constants; {@link #build()} checks every setting. */
    public static final class Builder {
        private Duration ttft = DEFAULT_TTFT;
        private Duration perToken = DEFAULT_PER_TOKEN;
        private double sigma = DEFAULT_SIGMA;
        private double stallProbability = DEFAULT_STALL_PROBABILITY;
        private Duration stall = DEFAULT_STALL;
        private Duration p50;
        private Duration p99;

        private Builder() {
        }

        public Builder ttft(Duration value) {
            ttft = value;
            return this;
        }

        public Builder perToken(Duration value) {
            perToken = value;
            return this;
        }

        public Builder sigma(double value) {
            sigma = value;
            return this;
        }

        public Builder stalls(double probability, Duration extra) {
            stallProbability = probability;
            stall = extra;
            return this;
        }

        /**
         * Aims the model at a p50 and a p99 (stalls aside) for a call of
         * {@link #TYPICAL_OUTPUT_TOKENS}: {@code sigma = ln(p99/p50) / Z99}, and {@code ttft} is
         * what is left of {@code p50} after that call's per-token time. Overrides {@link #ttft}
         * and {@link #sigma}, whichever order they are called in.
         */
        public Builder targeting(Duration wantedP50, Duration wantedP99) {
            p50 = wantedP50;
            p99 = wantedP99;
            return this;
        }

        public RealisticLatency build() {
            if (p50 == null && p99 == null) {
                return new RealisticLatency(ttft, perToken, sigma, stallProbability, stall);
            }
            if (p50 == null || p99 == null || p50.isNegative() || p50.isZero() || p99.compareTo(p50) < 0) {
                throw new IllegalArgumentException("LLMQ_SIM_LATENCY_P50_MS and LLMQ_SIM_LATENCY_P99_MS must both be set, "
                        + "with 0 < p50 <= p99, got p50 " + p50 + ", p99 " + p99);
            }
            var perCall = perToken.multipliedBy(TYPICAL_OUTPUT_TOKENS);
            if (perCall.compareTo(p50) > 0) {
                throw new IllegalArgumentException("LLMQ_SIM_LATENCY_P50_MS " + p50.toMillis() + " is less than "
                        + TYPICAL_OUTPUT_TOKENS + " tokens at LLMQ_SIM_MS_PER_TOKEN " + perToken.toMillis() + " (" + perCall.toMillis()
                        + " ms): lower the per-token time");
            }
            var derivedSigma = Math.log((double) p99.toNanos() / p50.toNanos()) / Z99;
            return new RealisticLatency(p50.minus(perCall), perToken, derivedSigma, stallProbability, stall);
        }
    }
}
