package io.llmq.worker.call;

import io.llmq.worker.testing.MovingClock;

import io.llmq.schema.status.BatchStatus;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class BatchStatesTest {
    private final MovingClock clock = new MovingClock("2026-01-01T00:00:00Z");
    private final AtomicInteger queries = new AtomicInteger();
    private final AtomicReference<BatchStatus> stored = new AtomicReference<>(BatchStatus.IN_PROGRESS);
    private final BatchStates states = new BatchStates(id -> {
        queries.incrementAndGet();
        return Optional.of(stored.get());
    }, clock, Duration.ofMillis(500));

    @Test
    void shouldAskTheDatabaseOncePerBatchWithinTheCacheTtl() {
        for (int i = 0; i < 1000; i++) {
            assertThat(states.statusOf("batch_a")).contains(BatchStatus.IN_PROGRESS);
        }
        assertThat(queries).hasValue(1);
    }

    @Test
    void shouldSeeACancelOnceTheTtlHasPassed() {
        states.statusOf("batch_a");
        stored.set(BatchStatus.CANCELLING);
        clock.advance(Duration.ofMillis(499));
        assertThat(states.statusOf("batch_a")).contains(BatchStatus.IN_PROGRESS);
        clock.advance(Duration.ofMillis(1));
        assertThat(states.statusOf("batch_a")).contains(BatchStatus.CANCELLING);
    }

    @Test
    void shouldLetJobsRunWhenTheDatabaseCannotAnswer() {
        var broken = new BatchStates(id -> {
            throw new SQLException("connection refused");
        }, clock, Duration.ofMillis(500));
        assertThat(broken.statusOf("batch_a")).isEmpty();
    }
}
