package io.llmq.worker.dispatch;

import io.llmq.schema.Priority;
import io.llmq.schema.status.BatchStatus;
import io.llmq.worker.schedule.QueuedBatch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EndingRateTest {
    private final AtomicLong nanos = new AtomicLong();

    private static QueuedBatch batch(String id, int ended) {
        return new QueuedBatch(id, "t", Priority.NORMAL, 1_000_000, 10_000, 10_000, 100, BatchStatus.IN_PROGRESS, Long.MAX_VALUE, ended, false);
    }

    @Test
    void shouldConvergeOnTheRateJobsEndAt() {
        var rate = new EndingRate(nanos::get);
        double seen = 0;
        for (int tick = 0; tick <= 50; tick++) {
            nanos.addAndGet(100_000_000L);
            seen = rate.observe(List.of(batch("a", tick * 50)));
        }
        assertThat(seen).as("50 jobs per 100 ms").isCloseTo(500, within(5.0));
    }

    @Test
    void shouldNotCountWhatABatchHadEndedBeforeItWasFirstSeen() {
        var rate = new EndingRate(nanos::get);
        nanos.addAndGet(100_000_000L);
        assertThat(rate.observe(List.of(batch("old", 90_000)))).isZero();
    }

    @Test
    void shouldNotCountReleasesThatHaveNotEnded() {
        var rate = new EndingRate(nanos::get);
        for (int tick = 0; tick < 10; tick++) {
            nanos.addAndGet(100_000_000L);
            // claimed grows (releases), ended does not
            assertThat(rate.observe(List.of(new QueuedBatch("a", "t", Priority.NORMAL, 1_000_000, 1000 * tick, 1000 * tick,
                    1000 * tick, BatchStatus.IN_PROGRESS, Long.MAX_VALUE, 0, false)))).isZero();
        }
    }
}
