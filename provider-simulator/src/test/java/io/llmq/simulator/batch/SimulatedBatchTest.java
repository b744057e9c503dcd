package io.llmq.simulator.batch;

import io.llmq.simulator.engine.Completion;
import io.llmq.simulator.engine.FinishReason;
import io.llmq.simulator.engine.Message;
import io.llmq.simulator.engine.Prompt;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The phases of a simulated batch, with time moved by hand: a 10 s delay, so each tenth is a second. */
class SimulatedBatchTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration DELAY = Duration.ofSeconds(10);
    private final AtomicInteger answered = new AtomicInteger();

    private static SimulatedBatch batch(int lines, Duration window, boolean invalid) {
        var list = new ArrayList<BatchLine>();
        for (int i = 0; i < lines; i++) {
            list.add(BatchLine.served("line-" + i, new Prompt("m", List.of(Message.of("user", "hi")), 10, OptionalLong.empty(), null),
                    null, c -> null));
        }
        return new SimulatedBatch("b1", list, T0, window, invalid);
    }

    private LineResult answer(BatchLine line) {
        answered.incrementAndGet();
        return new LineResult.Answered(null, new Completion("x", FinishReason.STOP, 3, 1));
    }

    private void at(SimulatedBatch batch, long millis) {
        batch.advance(T0.plusMillis(millis), DELAY, this::answer);
    }

    @Test
    void shouldValidateThenAnswerLinesEvenlyThenFinalizeThenComplete() {
        var batch = batch(8, Duration.ofHours(24), false);

        at(batch, 500);
        assertThat(batch.phase()).isEqualTo(Phase.VALIDATING);
        assertThat(answered).hasValue(0);
        at(batch, 5_000);
        assertThat(batch.phase()).isEqualTo(Phase.IN_PROGRESS);
        assertThat(batch.counts().succeeded()).isEqualTo(4);
        at(batch, 9_500);
        assertThat(batch.phase()).isEqualTo(Phase.FINALIZING);
        assertThat(batch.counts().processing()).isZero();
        at(batch, 10_000);
        assertThat(batch.phase()).isEqualTo(Phase.COMPLETED);
        assertThat(batch.reachedAt(Phase.IN_PROGRESS)).isEqualTo(T0.plusMillis(5_000));
        at(batch, 20_000);
        assertThat(answered).as("no line answered twice").hasValue(8);
        assertThat(batch.counts().promptTokens()).isEqualTo(24);
    }

    @Test
    void shouldExpireWithTheUnansweredLinesWhenTheWindowIsShorterThanTheDelay() {
        var batch = batch(8, Duration.ofSeconds(5), false);

        at(batch, 3_000);
        at(batch, 5_000);

        assertThat(batch.phase()).isEqualTo(Phase.EXPIRED);
        assertThat(batch.counts().succeeded()).isEqualTo(2);
        assertThat(batch.counts().expired()).isEqualTo(6);
        assertThat(batch.entries()).allSatisfy(e -> assertThat(e.result()).isNotNull());
    }

    @Test
    void shouldStopAnsweringOnCancelAndEndCancelledATenthOfTheDelayLater() {
        var batch = batch(8, Duration.ofHours(24), false);
        at(batch, 3_000);

        assertThat(batch.cancel(T0.plusMillis(3_000))).isTrue();
        at(batch, 3_500);
        assertThat(batch.phase()).isEqualTo(Phase.CANCELLING);
        assertThat(batch.expire(T0.plusMillis(3_600))).as("a cancel in progress ends cancelled").isFalse();
        at(batch, 4_000);

        assertThat(batch.phase()).isEqualTo(Phase.CANCELLED);
        assertThat(batch.counts().succeeded()).isEqualTo(2);
        assertThat(batch.counts().cancelled()).isEqualTo(6);
        assertThat(batch.cancel(T0.plusMillis(5_000))).as("an ended batch is not cancelled again").isFalse();
    }

    @Test
    void shouldFailAnInvalidBatchAfterValidatingWithoutAnsweringAnyLine() {
        var batch = batch(3, Duration.ofHours(24), true);

        at(batch, 1_000);
        at(batch, 10_000);

        assertThat(batch.phase()).isEqualTo(Phase.FAILED);
        assertThat(answered).hasValue(0);
        assertThat(batch.counts().total()).isZero();
    }

    @Test
    void shouldAnswerEveryLineAtOnceWithNoDelay() {
        var batch = batch(5, Duration.ofHours(24), false);

        batch.advance(T0, Duration.ZERO, this::answer);

        assertThat(batch.phase()).isEqualTo(Phase.COMPLETED);
        assertThat(answered).hasValue(5);
    }
}
