package io.llmq.submitter.batch;

import io.llmq.submitter.http.ApiError;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LongPollTest {

    @Test
    void shouldReadSecondsMinutesAndMillisecondsAndCapAtSixtySeconds() {
        assertThat(LongPoll.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(LongPoll.parse("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(LongPoll.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(LongPoll.parse("5m")).isEqualTo(Duration.ofSeconds(60));
        assertThat(LongPoll.parse(null)).isZero();
    }

    @Test
    void shouldRefuseAnythingElseWithA400() {
        assertThatThrownBy(() -> LongPoll.parse("-1s")).isInstanceOf(ApiError.class);
        assertThatThrownBy(() -> LongPoll.parse("soon")).isInstanceOf(ApiError.class)
                .satisfies(e -> assertThat(((ApiError) e).param()).isEqualTo("wait"));
    }
}
