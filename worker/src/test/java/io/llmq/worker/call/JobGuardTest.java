package io.llmq.worker.call;

import io.llmq.worker.testing.MovingClock;

import io.llmq.schema.Json;
import io.llmq.schema.message.JobMessage;
import io.llmq.schema.status.BatchStatus;
import io.llmq.schema.status.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class JobGuardTest {
    private final MovingClock clock = new MovingClock("2026-01-01T00:00:00Z");

    private JobMessage job(Duration window) {
        var now = clock.millis();
        return new JobMessage("batch_a-1", "batch_a", "tenant", "req-1", 1, "/v1/chat/completions", "gpt-4o-mini",
                Json.object(), "normal", now, now + window.toMillis());
    }

    private JobGuard guard(BatchStatus batch) {
        return new JobGuard(clock, new BatchStates(id -> Optional.of(batch), clock, Duration.ofMillis(500)));
    }

    @ParameterizedTest
    @EnumSource(value = BatchStatus.class, names = {"CANCELLING", "CANCELLED"})
    void shouldEndJobsOfACancelledBatchWithoutACall(BatchStatus batch) throws Exception {
        var outcome = guard(batch).check(job(Duration.ofHours(24))).orElseThrow();
        assertThat(outcome.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(outcome.attempts()).isZero();
        assertThat(outcome.billed()).isEmpty();
        assertThat(Json.MAPPER.readTree(outcome.errorJson()).path("code").asText()).isEqualTo("batch_cancelled");
    }

    @Test
    void shouldExpireAJobPastItsWindow() throws Exception {
        var job = job(Duration.ofMinutes(1));
        var guard = guard(BatchStatus.IN_PROGRESS);
        assertThat(guard.check(job)).isEmpty();
        clock.advance(Duration.ofMinutes(1).plusMillis(1));
        var outcome = guard.check(job).orElseThrow();
        assertThat(outcome.status()).isEqualTo(JobStatus.EXPIRED);
        assertThat(Json.MAPPER.readTree(outcome.errorJson()).path("code").asText()).isEqualTo("batch_expired");
    }

    @ParameterizedTest
    @EnumSource(value = BatchStatus.class, names = {"VALIDATING", "IN_PROGRESS"})
    void shouldLetJobsOfARunningBatchRun(BatchStatus batch) {
        assertThat(guard(batch).check(job(Duration.ofHours(1)))).isEmpty();
    }
}
