package io.llmq.bench.measure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PercentilesTest {

    @Test
    void shouldAnswerWithTheNearestRankSample() {
        var samples = new double[100];
        for (int i = 0; i < 100; i++) {
            samples[i] = 100 - i;
        }

        assertThat(Percentiles.of(samples, 50)).isEqualTo(50);
        assertThat(Percentiles.of(samples, 99)).isEqualTo(99);
        assertThat(Percentiles.of(samples, 100)).isEqualTo(100);
    }

    @Test
    void shouldTakeTheOnlySampleForEveryPercentile() {
        assertThat(Percentiles.of(new double[] {7}, 1)).isEqualTo(7);
        assertThat(Percentiles.of(new double[] {7}, 99)).isEqualTo(7);
    }

    @Test
    void shouldAnswerNaNWithoutSamples() {
        assertThat(Percentiles.of(new double[0], 50)).isNaN();
    }
}
