package io.llmq.submitter.web;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchFilterTest {

    @Test
    void shouldKeepACursorToTheMicrosecondThroughItsText() {
        var cursor = new BatchFilter.Cursor(Instant.parse("2026-12-03T09:31:55.123456Z"), "batch_a_b");
        assertThat(BatchFilter.Cursor.parse(cursor.text())).isEqualTo(cursor);
    }

    @Test
    void shouldRefuseACursorThatIsNotOneNamingTheField() {
        assertThatThrownBy(() -> BatchFilter.Cursor.parse("yesterday")).isInstanceOf(BatchFilter.Invalid.class)
                .hasMessageStartingWith("after ");
    }

    @Test
    void shouldWriteOnlyTheSetFiltersIntoTheQueryOfItsLinks() {
        var filter = new BatchFilter("completed", LocalDate.parse("2026-12-01"), null, null, null, "team", "a&b", null, null);
        assertThat(filter.query()).isEqualTo("status=completed&from=2026-12-01&meta_key=team&meta_value=a%26b");
        assertThat(filter.toInstant()).isNull();
        assertThat(filter.fromInstant()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void shouldEndTheToDayAtTheNextMidnight() {
        var filter = new BatchFilter(null, null, LocalDate.parse("2026-12-03"), null, null, null, null, null, null);
        assertThat(filter.toInstant()).isEqualTo(Instant.parse("2026-12-04T00:00:00Z"));
    }
}
