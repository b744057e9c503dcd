package io.llmq.bench.measure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ArrivalsTest {

    @Test
    void shouldCountTheEventsOfAHalfOpenWindowAcrossGrowth() {
        var arrivals = new Arrivals();
        for (long at = 1_000; at < 1_000 + 500; at++) {
            arrivals.add(at);
            arrivals.add(at);
        }

        assertThat(arrivals.between(1_000, 1_010)).isEqualTo(20);
        assertThat(arrivals.between(1_499, 2_000)).isEqualTo(2);
        assertThat(arrivals.between(0, 1_000)).isZero();
        assertThat(arrivals.between(1_200, 1_100)).isZero();
    }

    @Test
    void shouldCountAcrossTheWrapOfNanoTime() {
        var arrivals = new Arrivals();
        arrivals.add(Long.MAX_VALUE - 1);
        arrivals.add(Long.MAX_VALUE);
        arrivals.add(Long.MIN_VALUE);

        assertThat(arrivals.between(Long.MAX_VALUE, Long.MIN_VALUE + 1)).isEqualTo(2);
    }
}
