package io.llmq.simulator.latency;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long one successful completion takes. A pure function of the call's output length and the
 * draws it takes from {@code random}, so a seeded generator gives the same delays in every run and
 * tests can measure percentiles without a clock.
 *
 * <p>Two shapes: {@link FixedLatency}, a constant plus uniform jitter (the default, and what tests
 * and the speed benchmarks want), and {@link RealisticLatency}, the way hosted providers answer:
 * time to first token plus time per output token, spread log-normally with a long tail, and rare
 * stalls. The delay never changes what is billed: the tokens come from the tokenizer either way.
 */
public sealed interface LatencyModel permits FixedLatency, RealisticLatency {

    /** Long enough to outlast any client timeout under test, short enough to stay far from overflow. */
    Duration MAX = Duration.ofHours(1);

    /**
     * @param outputTokens completion tokens of this call, as the simulator counts (and bills) them
     * @param random       the source of every draw; not shared between threads unless it is thread-safe
     */
    Duration delay(int outputTokens, RandomGenerator random);
}
