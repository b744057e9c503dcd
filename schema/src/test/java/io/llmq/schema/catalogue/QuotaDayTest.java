package io.llmq.schema.catalogue;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class QuotaDayTest {

    @Test
    void shouldStartTheDayAtTheResetHourOfTodayOnceItHasPassed() {
        var day = QuotaDay.at(Instant.parse("2026-03-10T15:20:00Z"), 7);

        assertThat(day).isEqualTo(new QuotaDay(Instant.parse("2026-03-10T07:00:00Z"), Instant.parse("2026-03-11T07:00:00Z")));
    }

    @Test
    void shouldStillBeYesterdaysDayBeforeTheResetHour() {
        var day = QuotaDay.at(Instant.parse("2026-03-10T06:59:59Z"), 7);

        assertThat(day.start()).isEqualTo(Instant.parse("2026-03-09T07:00:00Z"));
        assertThat(day.end()).isEqualTo(Instant.parse("2026-03-10T07:00:00Z"));
    }

    @Test
    void shouldStartANewDayExactlyAtTheReset() {
        assertThat(QuotaDay.at(Instant.parse("2026-03-10T07:00:00Z"), 7).start()).isEqualTo(Instant.parse("2026-03-10T07:00:00Z"));
        assertThat(QuotaDay.at(Instant.parse("2026-03-10T00:00:00Z"), 0).start()).isEqualTo(Instant.parse("2026-03-10T00:00:00Z"));
    }
}
