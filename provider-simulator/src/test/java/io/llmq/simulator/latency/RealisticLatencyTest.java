package io.llmq.simulator.latency;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RealisticLatencyTest {
    private static final int CALLS = 200_000;

    @Test
    void shouldHitTheTargetedP50AndP99ForATypicalCall() {
        var model = RealisticLatency.builder().perToken(Duration.ofMillis(10)).stalls(0, Duration.ZERO)
                .targeting(Duration.ofSeconds(2), Duration.ofSeconds(30)).build();

        var millis = draw(model, n -> RealisticLatency.TYPICAL_OUTPUT_TOKENS, 42);

        assertThat(percentile(millis, 50)).isCloseTo(2_000, within(60.0));
        assertThat(percentile(millis, 99)).isCloseTo(30_000, within(1_500.0));
    }

    @Test
    void shouldKeepTheTargetsWithinTenPercentOverTheSimulatorsSpreadOfOutputLengths() {
        var model = RealisticLatency.builder().perToken(Duration.ofMillis(10))
                .targeting(Duration.ofSeconds(2), Duration.ofSeconds(30)).build();
        var lengths = new SplittableRandom(7);

        var millis = draw(model, n -> lengths.nextInt(5, 61), 43);

        assertThat(percentile(millis, 50)).isCloseTo(2_000, within(200.0));
        assertThat(percentile(millis, 99)).isCloseTo(30_000, within(3_000.0));
    }

    @Test
    void shouldGiveALongTailWithTheDefaultSigma() {
        var model = RealisticLatency.builder().stalls(0, Duration.ZERO).build();

        var millis = draw(model, n -> 20, 44);

        // e^(2.326 × 1.0) = 10.2: the tail is at least ten times the median
        assertThat(percentile(millis, 99) / percentile(millis, 50)).isGreaterThanOrEqualTo(10).isLessThan(10.5);
        assertThat(percentile(millis, 50)).isCloseTo(900, within(25.0));
    }

    @Test
    void shouldStallTheConfiguredShareOfCallsByTheStallTime() {
        // sigma 0 makes every unstalled call exactly its base time, so stalled calls are the ones above it
        var model = RealisticLatency.builder().ttft(Duration.ofMillis(100)).perToken(Duration.ZERO).sigma(0)
                .stalls(0.01, Duration.ofSeconds(20)).build();

        var millis = draw(model, n -> 10, 45);

        var stalled = Arrays.stream(millis).filter(m -> m > 100).toArray();
        assertThat((double) stalled.length / CALLS).isCloseTo(0.01, within(0.001));
        assertThat(stalled).containsOnly(20_100.0);
    }

    @Test
    void shouldGrowWithTheOutputTokensAtTheMedian() {
        var model = RealisticLatency.builder().ttft(Duration.ofMillis(300)).perToken(Duration.ofMillis(20)).build();

        assertThat(model.median(50)).isEqualTo(Duration.ofMillis(1_300));
        assertThat(percentile(draw(model, n -> 50, 46), 50)).isCloseTo(1_300, within(40.0));
        assertThat(percentile(draw(model, n -> 5, 46), 50)).isCloseTo(400, within(15.0));
    }

    @Test
    void shouldGiveTheSameDelaysForTheSameSeed() {
        var model = RealisticLatency.builder().build();

        assertThat(draw(model, n -> 30, 9)).containsExactly(draw(model, n -> 30, 9));
    }

    @Test
    void shouldDeriveSigmaAndTtftFromThePercentiles() {
        var model = RealisticLatency.builder().perToken(Duration.ofMillis(10))
                .targeting(Duration.ofSeconds(2), Duration.ofSeconds(30)).build();

        assertThat(model.sigma()).isCloseTo(Math.log(15) / 2.326, within(0.001));
        assertThat(model.ttft()).isEqualTo(Duration.ofMillis(2_000 - 320));
    }

    @Test
    void shouldStayWithinTheCapForAnExtremeDraw() {
        var model = RealisticLatency.builder().ttft(Duration.ofMinutes(50)).sigma(5).stalls(1, Duration.ofMinutes(30)).build();

        assertThat(Arrays.stream(draw(model, n -> 60, 1)).max().orElseThrow()).isEqualTo(LatencyModel.MAX.toMillis());
    }

    @Test
    void shouldNameTheSettingAndTheBadValue() {
        assertThatThrownBy(() -> RealisticLatency.builder().sigma(-1).build())
                .hasMessageContaining("LLMQ_SIM_LATENCY_SIGMA").hasMessageContaining("-1");
        assertThatThrownBy(() -> RealisticLatency.builder().stalls(1.5, Duration.ZERO).build())
                .hasMessageContaining("LLMQ_SIM_STALL_PROBABILITY").hasMessageContaining("1.5");
        assertThatThrownBy(() -> RealisticLatency.builder().ttft(Duration.ofMillis(-1)).build())
                .hasMessageContaining("LLMQ_SIM_TTFT_MS");
        assertThatThrownBy(() -> RealisticLatency.builder().targeting(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
                .hasMessageContaining("LLMQ_SIM_LATENCY_P99_MS");
        assertThatThrownBy(() -> RealisticLatency.builder().perToken(Duration.ofMillis(100))
                .targeting(Duration.ofSeconds(2), Duration.ofSeconds(30)).build())
                .hasMessageContaining("LLMQ_SIM_MS_PER_TOKEN");
    }

    private static double[] draw(LatencyModel model, IntUnaryOperator tokens, long seed) {
        var random = new SplittableRandom(seed);
        var millis = new double[CALLS];
        for (int i = 0; i < CALLS; i++) {
            millis[i] = model.delay(tokens.applyAsInt(i), random).toNanos() / 1e6;
        }
        return millis;
    }

    private static double percentile(double[] values, double p) {
        var sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(p / 100 * sorted.length) - 1];
    }
}
