package io.llmq.simulator.engine;

import io.llmq.simulator.latency.FixedLatency;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyTest {

    @Test
    void shouldDrawJitterOnTopOfTheBaseNeverBelowIt() {
        var latency = new Latency(new FixedLatency(Duration.ofMillis(100), Duration.ofMillis(50)));
        var shortest = Duration.ofDays(1);
        var longest = Duration.ZERO;

        for (int i = 0; i < 10_000; i++) {
            var next = latency.next(i % 60);
            shortest = next.compareTo(shortest) < 0 ? next : shortest;
            longest = next.compareTo(longest) > 0 ? next : longest;
        }

        assertThat(shortest).isGreaterThanOrEqualTo(Duration.ofMillis(100)).isLessThan(Duration.ofMillis(105));
        assertThat(longest).isLessThanOrEqualTo(Duration.ofMillis(150)).isGreaterThan(Duration.ofMillis(145));
    }

    @Test
    void shouldBeExactlyTheBaseWithoutJitter() {
        assertThat(new Latency(FixedLatency.of(Duration.ofMillis(7))).next(40)).isEqualTo(Duration.ofMillis(7));
    }

    @Test
    void shouldReturnFalseAtOnceOnceStopped() throws InterruptedException {
        var latency = new Latency(FixedLatency.of(Duration.ofMinutes(10)));
        latency.stop();

        assertThat(latency.await(10)).isFalse();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void shouldReturnTrueAfterTheFullPause() throws InterruptedException {
        var latency = new Latency(FixedLatency.of(Duration.ofMillis(30)));
        var started = System.nanoTime();

        assertThat(latency.await(10)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(30));
        assertThat(latency.waiting()).isZero();
    }
}
