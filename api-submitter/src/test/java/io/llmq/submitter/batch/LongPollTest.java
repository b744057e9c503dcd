package io.llmq.submitter.batch;

import io.llmq.schema.status.BatchStatus;
import io.llmq.submitter.http.ApiError;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

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

    /** Time that moves only when the poll sleeps. */
    private static final class MovedTime implements LongPoll.Ticker {
        private long nanos = 1_000_000_000L;
        private final List<Duration> pauses = new ArrayList<>();

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public void sleep(Duration pause) {
            pauses.add(pause);
            nanos += pause.toNanos();
        }

        Duration elapsed() {
            return pauses.stream().reduce(Duration.ZERO, Duration::plus);
        }
    }

    private static BatchRecord batch(BatchStatus status, int completed) {
        return new BatchRecord("batch_1", "t", BatchRecord.OPENAI, "/v1/chat/completions", "file_1", "24h", "normal", status,
                null, 10, completed, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO, null, null, "m", 0, Instant.EPOCH, null, null,
                null, null, null, null, null, null, null, null);
    }

    @Test
    void shouldAnswerWithTheLastReadAtTheDeadlineWhenTheBatchDoesNotMove() throws Exception {
        var time = new MovedTime();
        var reads = new AtomicInteger();

        var answer = LongPoll.await(batch(BatchStatus.IN_PROGRESS, 3), Duration.ofMillis(600), () -> {
            reads.incrementAndGet();
            return Optional.of(batch(BatchStatus.IN_PROGRESS, 3));
        }, time);

        assertThat(time.pauses).as("checks every 250 ms, the last one cut to the deadline")
                .containsExactly(Duration.ofMillis(250), Duration.ofMillis(250), Duration.ofMillis(100));
        assertThat(time.elapsed()).isEqualTo(Duration.ofMillis(600));
        assertThat(reads).hasValue(3);
        assertThat(answer.completed()).isEqualTo(3);
    }

    @Test
    void shouldAnswerAtTheFirstReadThatShowsTheBatchMoved() throws Exception {
        var time = new MovedTime();
        var reads = new AtomicInteger();

        var answer = LongPoll.await(batch(BatchStatus.IN_PROGRESS, 3), Duration.ofSeconds(30), () ->
                Optional.of(batch(BatchStatus.IN_PROGRESS, reads.incrementAndGet() < 3 ? 3 : 4)), time);

        assertThat(answer.completed()).isEqualTo(4);
        assertThat(reads).hasValue(3);
        assertThat(time.elapsed()).isEqualTo(Duration.ofMillis(750));
    }

    @Test
    void shouldAnswerAtOnceForAnEndedBatchOrNoWait() throws Exception {
        var time = new MovedTime();
        LongPoll.Read neverCalled = () -> {
            throw new AssertionError("read without need");
        };

        assertThat(LongPoll.await(batch(BatchStatus.COMPLETED, 10), Duration.ofSeconds(30), neverCalled, time).completed())
                .isEqualTo(10);
        assertThat(LongPoll.await(batch(BatchStatus.IN_PROGRESS, 3), Duration.ZERO, neverCalled, time).completed()).isEqualTo(3);
        assertThat(time.pauses).isEmpty();
    }

    @Test
    void shouldAnswerWithTheLastStateSeenWhenTheBatchDisappears() throws Exception {
        var time = new MovedTime();

        var answer = LongPoll.await(batch(BatchStatus.IN_PROGRESS, 3), Duration.ofSeconds(30), Optional::empty, time);

        assertThat(answer.completed()).isEqualTo(3);
        assertThat(time.elapsed()).isEqualTo(LongPoll.CHECK_EVERY);
    }
}
