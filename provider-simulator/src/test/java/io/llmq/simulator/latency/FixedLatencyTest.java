package io.llmq.simulator.latency;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class FixedLatencyTest {

    @Test
    void shouldTakeExactlyTheBaseWhateverTheOutputLengthWithoutJitter() {
        var model = FixedLatency.of(Duration.ofMillis(200));
        var random = new SplittableRandom(1);

        assertThat(model.delay(5, random)).isEqualTo(Duration.ofMillis(200));
        assertThat(model.delay(60, random)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void shouldDrawJitterBetweenTheBaseAndBasePlusJitter() {
        var model = new FixedLatency(Duration.ofMillis(100), Duration.ofMillis(50));
        var random = new SplittableRandom(2);

        for (int i = 0; i < 10_000; i++) {
            assertThat(model.delay(i % 60, random)).isBetween(Duration.ofMillis(100), Duration.ofMillis(150));
        }
    }
}
