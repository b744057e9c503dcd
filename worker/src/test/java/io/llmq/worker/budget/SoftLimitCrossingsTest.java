package io.llmq.worker.budget;

import io.llmq.worker.testing.MovingClock;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SoftLimitCrossingsTest {
    private static final BigDecimal SOFT = new BigDecimal("5.00");

    private final MovingClock clock = new MovingClock("2026-03-10T23:00:00Z");
    private final SoftLimitCrossings crossings = new SoftLimitCrossings();

    @Test
    void shouldBeDueWhenSpendReachesTheSoftLimitAndNotAgainInThatPeriodOnceAnnounced() {
        assertThat(crossings.due("acme", Period.DAY, SOFT, new BigDecimal("4.99"), clock.instant())).isFalse();
        assertThat(crossings.due("acme", Period.DAY, SOFT, new BigDecimal("5.00"), clock.instant())).isTrue();

        crossings.announced("acme", Period.DAY, clock.instant());

        assertThat(crossings.due("acme", Period.DAY, SOFT, new BigDecimal("7"), clock.instant())).isFalse();
        assertThat(crossings.allAnnounced("acme", Map.of(Period.DAY, SOFT), clock.instant())).isTrue();
        assertThat(crossings.allAnnounced("acme", Map.of(Period.DAY, SOFT, Period.MONTH, SOFT), clock.instant())).isFalse();
        assertThat(crossings.due("other", Period.DAY, SOFT, new BigDecimal("7"), clock.instant())).as("per tenant").isTrue();
    }

    @Test
    void shouldBeDueAgainWhenTheDayRollsOverButNotTheMonth() {
        crossings.announced("acme", Period.DAY, clock.instant());
        crossings.announced("acme", Period.MONTH, clock.instant());

        clock.advance(Duration.ofHours(1));

        assertThat(crossings.due("acme", Period.DAY, SOFT, SOFT, clock.instant())).as("a new day").isTrue();
        assertThat(crossings.due("acme", Period.MONTH, SOFT, SOFT, clock.instant())).as("same month").isFalse();
    }
}
