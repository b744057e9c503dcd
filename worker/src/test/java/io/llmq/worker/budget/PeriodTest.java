package io.llmq.worker.budget;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeriodTest {
    private static final Instant AT = Instant.parse("2026-02-28T23:59:59Z");

    @Test
    void shouldStartAndRollOverInUtc() {
        assertThat(Period.DAY.start(AT)).isEqualTo(LocalDate.parse("2026-02-28"));
        assertThat(Period.DAY.end(AT)).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(Period.MONTH.start(AT)).isEqualTo(LocalDate.parse("2026-02-01"));
        assertThat(Period.MONTH.end(AT)).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    }

    @Test
    void shouldRefuseAnUnknownPeriodByName() {
        assertThat(Period.parse("month")).isEqualTo(Period.MONTH);
        assertThatThrownBy(() -> Period.parse("week")).hasMessageContaining("'week'");
    }
}
